import type { Express } from 'express';
import type { TAppContext } from '../app-context';
import type { TIo } from '../infra/realtime';
import { ctiRoutes } from './cti/cti.routes';
import { open311Routes } from './open311/open311.routes';
import { portalRoutes } from './portal/portal.routes';
import { wechatRoutes } from './wechat/wechat.routes';
import { weiboRoutes } from './weibo/weibo.routes';

/**
 * What a channel adapter gets. `live.io` is set once socket.io is attached to the HTTP server
 * (after the app is built); adapters that push to screens directly (the CTI screen pop) read it
 * at request time.
 */
export type TChannelDeps = { ctx: TAppContext; live: { io: TIo | null } };

/**
 * Mounts the channel adapters. Each parses its own body (raw bytes for signatures, XML for
 * WeChat), so they are mounted before the API's JSON parser.
 */
export function mountChannels(app: Express, deps: TChannelDeps): void {
  app.use('/channels/cti', ctiRoutes(deps));
  app.use('/channels/wechat', wechatRoutes(deps));
  app.use('/channels/weibo', weiboRoutes(deps));
  app.use('/open311/v2', open311Routes(deps));
  // The public portal's API lives under /api/v1/portal (public routes of the route table).
  app.use('/api/v1', portalRoutes(deps));
}

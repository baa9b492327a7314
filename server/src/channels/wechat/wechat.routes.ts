import { Router } from 'express';
import type { TChannelDeps } from '../index';

/** Placeholder until the wechat channel lands. */
export function wechatRoutes(_deps: TChannelDeps): Router {
  return Router();
}

import { Router } from 'express';
import type { TChannelDeps } from '../index';

/** Placeholder until the weibo channel lands. */
export function weiboRoutes(_deps: TChannelDeps): Router {
  return Router();
}

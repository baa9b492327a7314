import { Router } from 'express';
import type { TChannelDeps } from '../index';

/** Placeholder until the cti channel lands. */
export function ctiRoutes(_deps: TChannelDeps): Router {
  return Router();
}

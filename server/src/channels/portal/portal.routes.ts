import { Router } from 'express';
import type { TChannelDeps } from '../index';

/** Placeholder until the portal channel lands. */
export function portalRoutes(_deps: TChannelDeps): Router {
  return Router();
}

import { Router } from 'express';
import type { TChannelDeps } from '../index';

/** Placeholder until the open311 channel lands. */
export function open311Routes(_deps: TChannelDeps): Router {
  return Router();
}

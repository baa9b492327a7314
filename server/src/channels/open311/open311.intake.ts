import type { TInboundProcessor } from '../intake';
import { materialiseRequest } from './open311.service';

/**
 * The intake job for a stored Open311 request. Usually the POST already created the ticket (and
 * marked the message processed, so this never runs); when it could not, this creates it with the
 * same idempotency key, so a request never becomes two tickets however often either path runs.
 */
export const processOpen311Inbound: TInboundProcessor = async (ctx, row) => {
  await materialiseRequest(ctx, row);
};

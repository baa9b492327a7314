import { AppError } from '@hotline/shared';
import type { TInboundProcessor } from '../intake';
import { applyCtiEvent } from './call-records';
import { ZCtiEvent } from './cti.schema';

/**
 * Folds a stored CTI event into its call record. The route stores only events that pass the
 * schema, so a body failing it here cannot be fixed by retrying (UNPROCESSABLE fails the job).
 * Safe to run twice and in any order: see foldCtiEvent.
 */
export const processCtiInbound: TInboundProcessor = async (ctx, row) => {
  let json: unknown;
  try {
    json = JSON.parse(row.body);
  } catch {
    throw new AppError('UNPROCESSABLE', `cti inbound ${row.id} is not JSON`);
  }
  const parsed = ZCtiEvent.safeParse(json);
  if (!parsed.success) throw new AppError('UNPROCESSABLE', `cti inbound ${row.id} is not a CTI event`);
  const call = await applyCtiEvent(ctx, parsed.data);
  ctx.logger.info(
    { channel: 'cti', inboundId: row.id, callRecordId: call.id, type: parsed.data.type },
    'cti event folded',
  );
};

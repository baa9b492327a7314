import type { TInboundProcessor } from '../intake';

/** Placeholder until the cti channel lands: stored messages stay stored and are processed then. */
export const processCtiInbound: TInboundProcessor = async () => {
  throw new Error('the cti intake processor is not available in this build');
};

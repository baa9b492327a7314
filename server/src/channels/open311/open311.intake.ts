import type { TInboundProcessor } from '../intake';

/** Placeholder until the open311 channel lands: stored messages stay stored and are processed then. */
export const processOpen311Inbound: TInboundProcessor = async () => {
  throw new Error('the open311 intake processor is not available in this build');
};

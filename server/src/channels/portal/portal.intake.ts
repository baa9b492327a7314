import type { TInboundProcessor } from '../intake';

/** Placeholder until the portal channel lands: stored messages stay stored and are processed then. */
export const processPortalInbound: TInboundProcessor = async () => {
  throw new Error('the portal intake processor is not available in this build');
};

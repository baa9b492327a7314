import type { TInboundProcessor } from '../intake';

/** Placeholder until the weibo channel lands: stored messages stay stored and are processed then. */
export const processWeiboInbound: TInboundProcessor = async () => {
  throw new Error('the weibo intake processor is not available in this build');
};

import type { TInboundProcessor } from '../intake';

/** Placeholder until the wechat channel lands: stored messages stay stored and are processed then. */
export const processWechatInbound: TInboundProcessor = async () => {
  throw new Error('the wechat intake processor is not available in this build');
};

import type { TDbOrTx } from '../infra/db/client';
import { outboundMessages } from '../infra/db/schema';

export type TOutboundMessage = {
  channel: string;
  recipient: string;
  content: string;
  conversationId?: string | null;
  ticketId?: string | null;
};

/**
 * How a message reaches a citizen through a channel (WeChat customer-service API, Weibo, SMS).
 * The default provider only records it in outbound_messages, so the demo and the tests can see
 * what would have been sent; a city plugs its real provider in here.
 */
export type TOutboundProvider = {
  name: string;
  send(tx: TDbOrTx, m: TOutboundMessage): Promise<{ id: string }>;
};

export const recordingProvider: TOutboundProvider = {
  name: 'record',
  async send(tx, m) {
    const [row] = await tx
      .insert(outboundMessages)
      .values({
        channel: m.channel,
        recipient: m.recipient,
        content: m.content,
        conversationId: m.conversationId ?? null,
        ticketId: m.ticketId ?? null,
        provider: 'record',
        status: 'sent',
      })
      .returning({ id: outboundMessages.id });
    return row!;
  },
};

let provider: TOutboundProvider = recordingProvider;
export const outboundProvider = (): TOutboundProvider => provider;
export function setOutboundProvider(p: TOutboundProvider): void {
  provider = p;
}

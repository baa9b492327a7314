import { appendInboundToConversation } from '../conversations';
import type { TInboundProcessor } from '../intake';
import { toWechatMessage } from './wechat-message';
import { parseWechatXml } from './wechat-xml';

/**
 * Turns a stored WeChat push (the decrypted XML) into the triage inbox: a message joins the
 * sender's open conversation. Events are kept as the stored row only (they open no conversation:
 * a follow or a menu click is not something an agent has to answer). Safe to run twice: the
 * conversation message is unique per inbound message.
 */
export const processWechatInbound: TInboundProcessor = async (ctx, row) => {
  const parsed = toWechatMessage(parseWechatXml(row.body));
  // The route stored only pushes that validated; one that no longer does is a bug, not a retry case.
  if (!parsed.ok) throw new Error(`stored wechat message does not validate: ${parsed.issues.join('; ')}`);
  const m = parsed.message;
  if (m.kind === 'event') {
    ctx.logger.debug({ inboundId: row.id, event: m.type }, 'wechat event recorded');
    return;
  }
  await ctx.db.transaction(async (tx) => {
    const { conversation, added } = await appendInboundToConversation(tx, {
      channel: 'wechat',
      externalUserId: m.from,
      accountId: m.to,
      inboundMessageId: row.id,
      kind: m.type,
      content: m.content,
      data: m.data,
      // Our receipt time, not CreateTime: a plaintext-mode body is not covered by the signature.
      at: row.receivedAt,
    });
    ctx.logger.debug(
      { inboundId: row.id, conversationId: conversation.id, added },
      'wechat message in triage',
    );
  });
};

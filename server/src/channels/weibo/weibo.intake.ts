import { appendInboundToConversation } from '../conversations';
import type { TInboundProcessor } from '../intake';
import { parseWeiboCreatedAt, ZWeiboPush, type TWeiboPush } from './weibo.schema';

type TConversationEntry = { kind: string; content: string | null; data: Record<string, unknown> };

/** What a push adds to the triage conversation; null for events, which stay stored only. */
export function conversationEntryOf(push: TWeiboPush): TConversationEntry | null {
  const text = push.text.trim() ? push.text : null;
  switch (push.type) {
    case 'text':
      return { kind: 'text', content: push.text, data: {} };
    case 'mention':
      // A public @-mention reads like a text message in the inbox; the flag tells them apart.
      return { kind: 'text', content: push.text, data: { mention: true, ...push.data } };
    case 'position':
      return {
        kind: 'position',
        content: text,
        data: { latitude: push.data.latitude, longitude: push.data.longitude },
      };
    case 'image':
    case 'voice':
      // vfid / tovfid are the platform's media ids, fetched later through its media API.
      return {
        kind: push.type,
        content: text,
        data: { vfid: push.data.vfid, ...(push.data.tovfid ? { tovfid: push.data.tovfid } : {}) },
      };
    case 'event':
      // Follows, menu clicks and the like are answered at the edge and need no agent.
      return null;
  }
}

/**
 * Turns a stored Weibo push into a triage conversation message. Idempotent: the conversation
 * message is keyed by the inbound message id, so a job that runs twice adds nothing.
 */
export const processWeiboInbound: TInboundProcessor = async (ctx, row) => {
  // The route stored only bodies that passed this schema; a failure here means a corrupt row.
  const push = ZWeiboPush.parse(JSON.parse(row.body));
  const entry = conversationEntryOf(push);
  if (!entry) return;
  await ctx.db.transaction((tx) =>
    appendInboundToConversation(tx, {
      channel: 'weibo',
      externalUserId: push.sender_id,
      accountId: push.receiver_id,
      inboundMessageId: row.id,
      kind: entry.kind,
      content: entry.content,
      data: entry.data,
      at: parseWeiboCreatedAt(push.created_at) ?? row.receivedAt,
    }),
  );
};

import { rooms } from '@hotline/shared';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { TDbOrTx } from '../infra/db/client';
import { conversationMessages, conversations } from '../infra/db/schema';
import { queueRealtime } from './inbound';

export type TConversationRow = typeof conversations.$inferSelect;

/**
 * Appends an inbound channel message to the sender's open conversation (opening one if there is
 * none) for the agents' triage inbox. Idempotent per inbound message: the unique index on
 * inbound_message_id makes a second run a no-op.
 */
export async function appendInboundToConversation(
  tx: TDbOrTx,
  m: {
    channel: 'wechat' | 'weibo';
    externalUserId: string;
    accountId: string | null;
    inboundMessageId: string;
    kind: string;
    content: string | null;
    data?: Record<string, unknown>;
    at: Date;
  },
): Promise<{ conversation: TConversationRow; added: boolean }> {
  let [conversation] = await tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.channel, m.channel),
        eq(conversations.externalUserId, m.externalUserId),
        inArray(conversations.status, ['open']),
      ),
    )
    .orderBy(desc(conversations.lastMessageAt))
    .limit(1);
  if (!conversation) {
    [conversation] = await tx
      .insert(conversations)
      .values({
        channel: m.channel,
        externalUserId: m.externalUserId,
        accountId: m.accountId,
        lastMessageAt: m.at,
      })
      .returning();
  }
  const added = await tx
    .insert(conversationMessages)
    .values({
      conversationId: conversation!.id,
      direction: 'in',
      inboundMessageId: m.inboundMessageId,
      kind: m.kind,
      content: m.content,
      data: m.data ?? {},
      createdAt: m.at,
    })
    .onConflictDoNothing({ target: conversationMessages.inboundMessageId })
    .returning({ id: conversationMessages.id });
  if (added.length) {
    await tx.update(conversations).set({ lastMessageAt: m.at }).where(eq(conversations.id, conversation!.id));
    // Agents' triage inboxes update live; the message carries ids only.
    await queueRealtime(tx, {
      rooms: [rooms.hotline],
      event: 'conversation.updated',
      data: { conversationId: conversation!.id, channel: m.channel, at: m.at.toISOString() },
    });
  }
  return { conversation: conversation!, added: added.length > 0 };
}

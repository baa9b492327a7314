import { AppError, ZReplyToConversationSchema, type TConversationMessage } from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import { outboundProvider } from '../../../channels/outbound';
import { conversationMessages } from '../../../infra/db/schema';
import { parseInput } from '../../../infra/http/validate';
import type { TUserActor } from '../../auth/actor';
import { announceConversation, lockConversation } from '../triage.repository';

/**
 * An agent answers the citizen through the channel's provider. The sent message and its record
 * in the thread commit together: a provider that fails leaves no "sent" line behind.
 */
export async function replyToConversation(
  ctx: TUseCaseContext,
  actor: TUserActor,
  conversationId: string,
  raw: unknown,
): Promise<TConversationMessage> {
  const input = parseInput(ZReplyToConversationSchema, raw);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const conversation = await lockConversation(tx, conversationId);
    // A ticketed conversation may still get a word from the agent; a closed one is finished.
    if (conversation.status === 'closed')
      throw new AppError('CONFLICT', 'The conversation is closed', { status: conversation.status });
    const sent = await outboundProvider().send(tx, {
      channel: conversation.channel,
      recipient: conversation.externalUserId,
      content: input.content,
      conversationId: conversation.id,
    });
    const [row] = await tx
      .insert(conversationMessages)
      .values({
        conversationId: conversation.id,
        direction: 'out',
        kind: 'text',
        content: input.content,
        data: { outboundId: sent.id },
        authorId: actor.id,
        createdAt: now,
      })
      .returning();
    await announceConversation(tx, conversation, now);
    return {
      id: row!.id,
      direction: 'out',
      kind: 'text',
      content: input.content,
      data: row!.data,
      authorName: actor.displayName,
      createdAt: now.toISOString(),
    };
  });
}

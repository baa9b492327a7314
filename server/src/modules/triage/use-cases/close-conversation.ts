import { AppError, ZCloseConversationSchema } from '@hotline/shared';
import { eq } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { conversationMessages, conversations } from '../../../infra/db/schema';
import { parseInput } from '../../../infra/http/validate';
import type { TUserActor } from '../../auth/actor';
import { announceConversation, lockConversation } from '../triage.repository';

/**
 * Closes a conversation that needs no ticket (a greeting, spam, answered on the spot). The
 * closing is kept in the thread as a note (who, when, why); the citizen's next message opens a
 * new conversation.
 */
export async function closeConversation(
  ctx: TUseCaseContext,
  actor: TUserActor,
  conversationId: string,
  raw: unknown,
): Promise<void> {
  const input = parseInput(ZCloseConversationSchema, raw);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const conversation = await lockConversation(tx, conversationId);
    if (conversation.status !== 'open')
      throw new AppError('CONFLICT', `The conversation is already ${conversation.status}`, {
        status: conversation.status,
      });
    await tx.update(conversations).set({ status: 'closed' }).where(eq(conversations.id, conversation.id));
    await tx.insert(conversationMessages).values({
      conversationId: conversation.id,
      direction: 'note',
      kind: 'closed',
      content: input.note || null,
      authorId: actor.id,
      createdAt: now,
    });
    await announceConversation(tx, conversation, now);
  });
}

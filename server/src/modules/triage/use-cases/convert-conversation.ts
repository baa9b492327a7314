import { AppError, ZConvertConversationSchema } from '@hotline/shared';
import { eq } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { outboundProvider } from '../../../channels/outbound';
import { conversationMessages, conversations } from '../../../infra/db/schema';
import { parseInput } from '../../../infra/http/validate';
import type { TUserActor } from '../../auth/actor';
import type { TTicketRow } from '../../tickets/use-cases/action-types';
import { createTicket } from '../../tickets/use-cases/create-ticket';
import { linkChannelCitizen } from '../channel-citizen';
import { announceConversation, lockConversation } from '../triage.repository';

const refuseUnlessOpen = (status: string) => {
  if (status !== 'open') throw new AppError('CONFLICT', `The conversation is already ${status}`, { status });
};

/** What the citizen reads on WeChat / Weibo once their conversation is a ticket. */
export const ticketConfirmation = (no: string) =>
  `您的诉求已受理，工单编号：${no}。我们将尽快办理并答复您，可凭此编号查询办理进度。`;

/**
 * Turns a triage conversation into a ticket: the ticket (channel = the conversation's), the
 * citizen's channel identity, the conversation's new state and the confirmation sent to the
 * citizen with the ticket number.
 *
 * The ticket is created by the ordinary create use case with the key `conv:<id>`, so a double
 * click or a retry after a failure finds the same ticket instead of making a second one. The
 * conversation is then locked and re-checked: of two racing requests one links the ticket and
 * confirms it to the citizen, the other gets 409.
 */
export async function convertConversation(
  ctx: TUseCaseContext,
  actor: TUserActor,
  conversationId: string,
  raw: unknown,
): Promise<{ conversationId: string; ticket: TTicketRow }> {
  const input = parseInput(ZConvertConversationSchema, raw);
  const [current] = await ctx.db
    .select({ status: conversations.status, channel: conversations.channel })
    .from(conversations)
    .where(eq(conversations.id, conversationId));
  if (!current) throw new AppError('NOT_FOUND', 'Conversation not found');
  refuseUnlessOpen(current.status);

  const { ticket } = await createTicket(ctx, actor, {
    ...input,
    channel: current.channel,
    idempotencyKey: `conv:${conversationId}`,
  });

  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const conversation = await lockConversation(tx, conversationId);
    refuseUnlessOpen(conversation.status);
    const citizenId = await linkChannelCitizen(tx, conversation, ticket, Boolean(input.citizen?.anonymous));
    await tx
      .update(conversations)
      .set({ status: 'ticketed', ticketId: ticket.id, citizenId })
      .where(eq(conversations.id, conversation.id));
    const content = ticketConfirmation(ticket.no);
    const sent = await outboundProvider().send(tx, {
      channel: conversation.channel,
      recipient: conversation.externalUserId,
      content,
      conversationId: conversation.id,
      ticketId: ticket.id,
    });
    await tx.insert(conversationMessages).values({
      conversationId: conversation.id,
      direction: 'out',
      kind: 'text',
      content,
      data: { outboundId: sent.id, ticketId: ticket.id, ticketNo: ticket.no },
      authorId: actor.id,
      createdAt: now,
    });
    await announceConversation(tx, conversation, now);
  });
  return { conversationId, ticket };
}

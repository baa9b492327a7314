import { citeKbArticle } from '../../kb/use-cases/cite-article';
import type { TActionHandler } from './action-types';

/** A draft becomes a registered ticket, ready for dispatch. */
export const registerTicket: TActionHandler<'register'> = async ({ now }) => ({
  patch: { registeredAt: now },
});

/**
 * 即时办结: the agent answered the citizen on the call, so the ticket is resolved and the citizen
 * heard it. A cited knowledge base article must be live; its citation is counted in this same
 * transaction, so a refused citation leaves the ticket as it was.
 */
export const answerTicket: TActionHandler<'answer'> = async ({ tx, ticket, actor, input, now }) => {
  const article = input.articleId
    ? await citeKbArticle(tx, {
        articleId: input.articleId,
        ticketId: ticket.id,
        userId: actor.kind === 'user' ? actor.id : null,
        now,
      })
    : null;
  return {
    patch: { registeredAt: ticket.registeredAt ?? now, resolvedAt: now, callbackDone: true },
    payload: {
      answer: input.answer,
      ...(article ? { articleId: article.id, articleTitle: article.title } : {}),
    },
  };
};

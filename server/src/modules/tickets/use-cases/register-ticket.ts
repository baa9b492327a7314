import type { TActionHandler } from './action-types';

/** A draft becomes a registered ticket, ready for dispatch. */
export const registerTicket: TActionHandler<'register'> = async ({ now }) => ({
  patch: { registeredAt: now },
});

/** 即时办结: the agent answered the citizen on the call, so the ticket is resolved and the citizen heard it. */
export const answerTicket: TActionHandler<'answer'> = async ({ ticket, input, now }) => ({
  patch: { registeredAt: ticket.registeredAt ?? now, resolvedAt: now, callbackDone: true },
  payload: { answer: input.answer, ...(input.articleId ? { articleId: input.articleId } : {}) },
});

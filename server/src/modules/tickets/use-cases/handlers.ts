import type { TTicketAction } from '@hotline/shared';
import type { TActionHandler } from './action-types';
import { callbackTicket } from './callback-ticket';
import { closeTicket, reopenTicket } from './close-ticket';
import { dispatchTicket, redispatchTicket } from './dispatch-ticket';
import { approveExtension, rejectExtension, requestExtension } from './extend-deadline';
import { mergeTicket } from './merge-ticket';
import { answerTicket, registerTicket } from './register-ticket';
import { replyTicket } from './reply-ticket';
import { returnDraft } from './return-draft';
import { signoffReply } from './signoff-reply';
import { chaseTicket } from './chase-ticket';
import { rejectReturn, returnTicket } from './return-ticket';
import { subdispatchTicket } from './subdispatch-ticket';
import { approveReply, rejectReply } from './review-reply';
import { signTicket } from './sign-ticket';
import { superviseTicket } from './supervise-ticket';
import { resumeTicket, suspendTicket } from './suspend-ticket';

/** One effect per lifecycle action; exhaustive, so a new action cannot be forgotten. */
export const ACTION_HANDLERS: { [A in TTicketAction]: TActionHandler<A> } = {
  register: registerTicket,
  answer: answerTicket,
  dispatch: dispatchTicket,
  sign: signTicket,
  return: returnTicket,
  redispatch: redispatchTicket,
  reply: replyTicket,
  'approve-reply': approveReply,
  'reject-reply': rejectReply,
  callback: callbackTicket,
  close: closeTicket,
  reopen: reopenTicket,
  'request-extension': requestExtension,
  'approve-extension': approveExtension,
  'reject-extension': rejectExtension,
  merge: mergeTicket,
  supervise: superviseTicket,
  suspend: suspendTicket,
  resume: resumeTicket,
  subdispatch: subdispatchTicket,
  'reject-return': rejectReturn,
  chase: chaseTicket,
  'signoff-reply': signoffReply,
  'return-draft': returnDraft,
};

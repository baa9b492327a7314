import type { Request } from 'express';
import type { TUseCaseContext } from '../../app-context';
import type { TUserActor } from '../auth/actor';
import { readsConfidential } from '../tickets/ticket-visibility';
import { auditOrigin, recordAudit } from './audit-log';

export type TConfidentialView = 'detail' | 'timeline' | 'links' | 'attachment';

/**
 * A confidential reader is about to get a 12388 ticket's content: record it first, and refuse
 * (503) when the row cannot be written. Anyone else gets the ticket without its content, and
 * nothing to record.
 */
export async function auditConfidentialView(
  ctx: Pick<TUseCaseContext, 'db' | 'logger' | 'clock'>,
  actor: TUserActor,
  ticket: { id: string; no: string; confidential: boolean },
  view: TConfidentialView,
  req: Request,
  extra: Record<string, string> = {},
): Promise<void> {
  if (!ticket.confidential || !readsConfidential(actor)) return;
  await recordAudit(ctx.db, ctx.logger, {
    actor,
    action: 'ticket.confidential.read',
    subjectType: 'ticket',
    subjectId: ticket.id,
    ticketNo: ticket.no,
    origin: auditOrigin(req),
    details: { view, ...extra },
    at: ctx.clock(),
  });
}

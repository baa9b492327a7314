import { AppError } from '@hotline/shared';
import { and, desc, eq } from 'drizzle-orm';
import { ticketEvents } from '../../../infra/db/schema';
import { activeDeadlines, reschedule } from '../../sla/deadlines';
import type { TActionHandler } from './action-types';

/** At most this many working days of extension per ticket (a city rule; issue #4 makes it configurable). */
export const MAX_EXTENSION_DAYS = 10;

/** 申请延期: asked before the reply deadline passes, with a reason; the hotline decides. */
export const requestExtension: TActionHandler<'request-extension'> = async ({
  tx,
  ticket,
  assignment,
  input,
  now,
}) => {
  const reply = (await activeDeadlines(tx, ticket.id)).find(
    (d) => d.kind === 'reply' && d.assignmentId === assignment!.id,
  );
  if (!reply) throw new AppError('UNPROCESSABLE', 'There is no running reply deadline to extend');
  if (reply.dueAt && reply.dueAt.getTime() < now.getTime()) {
    throw new AppError('UNPROCESSABLE', 'The deadline has passed; an extension must be asked for before it', {
      dueAt: reply.dueAt.toISOString(),
    });
  }
  if (reply.extensionDays + input.days > MAX_EXTENSION_DAYS) {
    throw new AppError('UNPROCESSABLE', `Extensions are capped at ${MAX_EXTENSION_DAYS} working days`, {
      alreadyExtended: reply.extensionDays,
      requested: input.days,
    });
  }
  return {
    patch: { extensionPending: true },
    payload: { days: input.days, reason: input.reason, deadlineId: reply.id },
    unitId: assignment!.unitId,
  };
};

/** 同意延期: the reply deadline moves by the requested working days. */
export const approveExtension: TActionHandler<'approve-extension'> = async ({
  tx,
  cal,
  policy,
  ticket,
  now,
}) => {
  const [request] = await tx
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, 'ticket.extension_requested')))
    .orderBy(desc(ticketEvents.id))
    .limit(1);
  const { days, deadlineId } = (request?.payload ?? {}) as { days?: number; deadlineId?: string };
  const target = (await activeDeadlines(tx, ticket.id)).find((d) => d.id === deadlineId);
  if (!target || !days)
    throw new AppError('UNPROCESSABLE', 'The deadline of this request is no longer running');
  const [moved] = await reschedule(
    tx,
    cal,
    [target],
    policy.warnRatio,
    (r) => ({ pauses: r.pauses, extensionDays: r.extensionDays + days }),
    now,
  );
  return {
    patch: { extensionPending: false },
    payload: { days, dueAt: moved?.dueAt?.toISOString() ?? null },
    unitId: target.unitId,
  };
};

export const rejectExtension: TActionHandler<'reject-extension'> = async ({ input }) => ({
  patch: { extensionPending: false },
  payload: { reason: input.reason },
});

import { AppError, toShanghaiDate, toShanghaiMinuteOfDay } from '@hotline/shared';
import { and, desc, eq, gte } from 'drizzle-orm';
import { ticketEvents } from '../../../infra/db/schema';
import { getDispatchSettings } from '../../settings/settings.repository';
import { activeDeadlines, reschedule } from '../../sla/deadlines';
import { ticketEventsFrom } from '../ticket-event-bounds';
import { notifyCitizen } from './notify-citizen';
import type { TActionHandler } from './action-types';

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
  const { extensionCapDays } = await getDispatchSettings(tx);
  if (reply.extensionDays + input.days > extensionCapDays) {
    throw new AppError('UNPROCESSABLE', `延期累计不得超过 ${extensionCapDays} 个工作日 (extension cap)`, {
      cap: extensionCapDays,
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

/** 同意延期: the reply deadline moves by the requested working days, and the citizen is told. */
export const approveExtension: TActionHandler<'approve-extension'> = async ({
  ctx,
  tx,
  cal,
  policy,
  ticket,
  now,
}) => {
  const [request] = await tx
    .select()
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.ticketId, ticket.id),
        eq(ticketEvents.type, 'ticket.extension_requested'),
        gte(ticketEvents.createdAt, ticketEventsFrom(ticket.createdAt)),
      ),
    )
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
  const dueAt = moved?.dueAt ?? null;
  const citizenNotified = await notifyCitizen(
    tx,
    ctx.pii,
    ticket,
    `您的工单 ${ticket.no} 办理时限已延长 ${days} 个工作日` +
      (dueAt ? `，预计于 ${formatShanghai(dueAt)} 前答复。` : '。') +
      '如有疑问请致电 12345。',
  );
  return {
    patch: { extensionPending: false },
    payload: { days, dueAt: dueAt?.toISOString() ?? null, citizenNotified },
    unitId: target.unitId,
  };
};

export const rejectExtension: TActionHandler<'reject-extension'> = async ({ input }) => ({
  patch: { extensionPending: false },
  payload: { reason: input.reason },
});

/** 2026-03-02 17:30, China time, for messages to citizens. */
function formatShanghai(at: Date): string {
  const m = toShanghaiMinuteOfDay(at);
  return `${toShanghaiDate(at)} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

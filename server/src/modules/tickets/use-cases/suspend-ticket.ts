import { activeDeadlines, reschedule, withPauseClosed, withPauseOpened } from '../../sla/deadlines';
import type { TActionHandler } from './action-types';

/** 挂起: the clocks stop (e.g. waiting for a court ruling); the ticket remembers where it was. */
export const suspendTicket: TActionHandler<'suspend'> = async ({ tx, cal, policy, ticket, input, now }) => {
  const rows = await activeDeadlines(tx, ticket.id);
  await reschedule(
    tx,
    cal,
    rows,
    policy.warnRatio,
    (r) => ({ pauses: withPauseOpened(r, now), extensionDays: r.extensionDays }),
    now,
  );
  return { patch: { statusBeforeSuspend: ticket.status }, payload: { reason: input.reason } };
};

/** 恢复: the clocks run again, every due moved by the time spent suspended. */
export const resumeTicket: TActionHandler<'resume'> = async ({ tx, cal, policy, ticket, now }) => {
  const rows = await activeDeadlines(tx, ticket.id);
  await reschedule(
    tx,
    cal,
    rows,
    policy.warnRatio,
    (r) => ({ pauses: withPauseClosed(r, now), extensionDays: r.extensionDays }),
    now,
  );
  return { patch: { statusBeforeSuspend: null } };
};

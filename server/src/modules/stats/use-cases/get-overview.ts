import {
  addDays,
  AppError,
  CHANNELS,
  fromShanghaiLocal,
  TICKET_STATUSES,
  ticketScopeOf,
  toShanghaiDate,
  type TChannel,
  type TStatsOverview,
  type TTicketStatus,
} from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import type { TUserActor } from '../../auth/actor';
import { liveFiguresCacheFor } from '../../../infra/cache/live-figures-cache';
import { readsConfidential, visibleTicketsCondition } from '../../tickets/ticket-visibility';
import {
  callbacksRecorded,
  closedIn,
  countByStatus,
  deadlineStates,
  receivedByChannel,
  replyDeadlinesMet,
  topCategories,
  topUnits,
  type TDay,
} from '../overview.repository';

/** A share as a fraction with 4 decimals; null when there was nothing to measure. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** The China-time day [00:00, 24:00) of a YYYY-MM-DD date. */
function dayOf(date: string): TDay {
  try {
    return {
      start: fromShanghaiLocal(date, 0).toISOString(),
      end: fromShanghaiLocal(addDays(date, 1), 0).toISOString(),
    };
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Not a calendar date', { fields: { date: ['invalid'] } });
  }
}

function zeroFilled<K extends string>(keys: readonly K[], counts: Map<string, number>): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, counts.get(k) ?? 0])) as Record<K, number>;
}

/**
 * 监督总览: the day's intake and results and the open workload now, over the tickets this reader
 * may see. One read-only snapshot, so the figures agree with each other.
 */
export async function getOverview(
  ctx: Pick<TUseCaseContext, 'db' | 'clock'>,
  actor: TUserActor,
  date?: string,
): Promise<TStatsOverview> {
  const asOf = ctx.clock();
  const day = date ?? toShanghaiDate(asOf);
  const span = dayOf(day);
  const now = asOf.toISOString();
  const vis = visibleTicketsCondition(actor);
  // Readers with the same visibility see the same figures: one computation serves them all.
  const scope = ticketScopeOf(actor).kind === 'all' ? 'all' : actor.unitPath;
  const key = `overview|${scope}|${readsConfidential(actor)}|${day}`;
  return liveFiguresCacheFor(ctx.db).get(key, () =>
    ctx.db.transaction(
      async (tx) => {
        const channels = await receivedByChannel(tx, vis, span);
        const statuses = await countByStatus(tx, vis);
        const states = await deadlineStates(tx, vis, now);
        const replies = await replyDeadlinesMet(tx, vis, span);
        const callbacks = await callbacksRecorded(tx, vis, span);
        const byStatus = zeroFilled<TTicketStatus>(TICKET_STATUSES, statuses);
        return {
          date: day,
          asOf: now,
          received: [...channels.values()].reduce((a, b) => a + b, 0),
          byChannel: zeroFilled<TChannel>(CHANNELS, channels),
          byStatus,
          open: TICKET_STATUSES.filter((s) => !['closed', 'merged', 'draft'].includes(s)).reduce(
            (sum, s) => sum + byStatus[s],
            0,
          ),
          warning: states.warning,
          overdue: states.overdue,
          onTimeRate: rate(replies.onTime, replies.total),
          satisfactionRate: rate(callbacks.satisfied, callbacks.rated),
          closedToday: await closedIn(tx, vis, span),
          topUnits: await topUnits(tx, vis, now),
          topCategories: await topCategories(tx, vis, span, readsConfidential(actor)),
        };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    ),
  );
}

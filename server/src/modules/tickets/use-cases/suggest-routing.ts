import {
  AppError,
  CONFIDENTIAL_UNIT_CODES,
  type TChannel,
  type TDuplicateCandidate,
  type TTicketEventType,
  type TUnitSuggestion,
} from '@hotline/shared';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import type { TDbOrTx } from '../../../infra/db/client';
import { ticketEvents, tickets, units } from '../../../infra/db/schema';
import { SYSTEM_ROUTER } from '../../auth/actor';
import { referenceReadsFor } from '../../dispatch/reference-cache';
import { adviseRouting, type TRoutingAdvice } from '../../dispatch/routing-advice';
import { getDispatchSettings } from '../../settings/settings.repository';
import { LIKELY_DUPLICATE_SCORE } from '../duplicates/duplicate-score';
import { findDuplicatesOfTicket } from '../duplicates/find-duplicates';
import { eventOfTicketBound, ticketEventsFrom } from '../ticket-event-bounds';
import { performTicketAction } from './perform-ticket-action';
import { recordTicketEvent } from './publish';
import { named, reusable } from '../../../infra/db/named';

export type TRoutingOutcome =
  | { outcome: 'dispatched'; unitId: string }
  | { outcome: 'suggested'; unitId: string }
  | { outcome: 'skipped'; reason: 'not_registered' | 'already_suggested' | 'no_default_unit' };

const REASON_LABELS: Record<TUnitSuggestion['reason'], string> = {
  catalogue: '派单目录',
  model: '智能模型',
  'category default': '分类默认单位',
  'line default': '专线默认单位',
};

/** The ticket as the router reads it (built once, named). */
const routingRead = reusable((db) =>
  db
    .select({
      status: tickets.status,
      channel: tickets.channel,
      line: tickets.line,
      title: tickets.title,
      description: tickets.description,
      categoryId: tickets.categoryId,
      districtId: tickets.districtId,
      createdAt: tickets.createdAt,
      // Read with the row: the version the reference reads below are kept at.
      referenceVersion: sql<number>`(select version from reference_version)::float8`,
      // Pruned to the ticket's months at run time; planned once per connection (a named
      // statement), where planning every monthly partition for each ticket cost 1 ms.
      alreadySuggested: sql<boolean>`exists (select 1 from ticket_events e
        where e.ticket_id = tickets.id and e.type = 'ticket.routing_suggested'
          and ${eventOfTicketBound('e', 'tickets')})`,
    })
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('id'))),
);

/**
 * Routes a newly registered ticket: dispatched on its own when the best suggestion is sure
 * enough (and of a kind allowed to act alone), otherwise one suggestion for the dispatcher.
 * Safe to run any number of times: a ticket that left `registered` (dispatched by the router or
 * by a person meanwhile) is left alone, and a suggestion is recorded once.
 */
export async function suggestRouting(ctx: TUseCaseContext, ticketId: string): Promise<TRoutingOutcome> {
  const [row] = await routingRead(ctx.db, { id: ticketId });
  if (!row) throw new AppError('NOT_FOUND', 'Ticket not found', { ticketId });
  if (row.status !== 'registered') return { outcome: 'skipped', reason: 'not_registered' };
  // Once the dispatcher has the suggestion the ticket is theirs: a model trained since changes nothing.
  if (row.alreadySuggested) return { outcome: 'skipped', reason: 'already_suggested' };

  // A 12388 report can be read only by 市纪委监委, so nobody else could judge where it belongs:
  // it goes there at once, whatever the channel or category.
  if (row.line === '12388') {
    const [jwjw] = await ctx.db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.code, CONFIDENTIAL_UNIT_CODES[0]!), eq(units.active, true)));
    if (jwjw) return autoDispatch(ctx, ticketId, { unitId: jwjw.id, assistingUnitIds: [] });
  }

  const reads = referenceReadsFor(ctx.db, row.referenceVersion);
  const advice = await adviseRouting(
    ctx,
    {
      text: `${row.title} ${row.description}`,
      categoryId: row.categoryId,
      districtId: row.districtId,
      line: row.line,
      channel: row.channel as TChannel,
    },
    reads,
  );
  const top = advice.ranked[0];
  const { autoDispatchMinConfidence } = await reads.get('dispatch-settings', () =>
    getDispatchSettings(ctx.db),
  );
  if (top?.mayAutoDispatch && top.suggestion.confidence >= autoDispatchMinConfidence) {
    const s = top.suggestion;
    return autoDispatch(
      ctx,
      ticketId,
      {
        unitId: s.unitId,
        assistingUnitIds: (s.assisting ?? []).map((a) => a.id),
        note: `${SYSTEM_ROUTER.name}：${REASON_LABELS[s.reason]}，置信度 ${Math.round(s.confidence * 100)}%`,
      },
      { routing: { reason: s.reason, confidence: s.confidence } },
    );
  }
  // Only likely duplicates go on the timeline; weaker matches are there when asked for (GET …/duplicates).
  const duplicates = (await findDuplicatesOfTicket(ctx, ticketId)).filter(
    (d) => d.score >= LIKELY_DUPLICATE_SCORE,
  );
  return recordAdvice(ctx, ticketId, advice, duplicates);
}

const eventOfType = reusable((db) =>
  db
    .select({ id: ticketEvents.id })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.ticketId, sql.placeholder('ticketId')),
        eq(ticketEvents.type, sql.placeholder('type')),
        gte(ticketEvents.createdAt, sql.placeholder('since')),
      ),
    )
    .limit(1),
);

async function hasEvent(
  db: TDbOrTx,
  ticket: { id: string; createdAt: Date },
  type: TTicketEventType,
): Promise<boolean> {
  const [existing] = await eventOfType(db, {
    ticketId: ticket.id,
    type,
    since: ticketEventsFrom(ticket.createdAt),
  });
  return Boolean(existing);
}

async function autoDispatch(
  ctx: TUseCaseContext,
  ticketId: string,
  input: { unitId: string; assistingUnitIds: string[]; note?: string },
  facts: Record<string, unknown> = {},
): Promise<TRoutingOutcome> {
  try {
    await performTicketAction(ctx, SYSTEM_ROUTER, ticketId, 'dispatch', input, facts);
    return { outcome: 'dispatched', unitId: input.unitId };
  } catch (err) {
    // Someone dispatched (or answered, merged…) between our read and the router's lock.
    if (err instanceof AppError && err.code === 'ILLEGAL_TRANSITION')
      return { outcome: 'skipped', reason: 'not_registered' };
    throw err;
  }
}

/**
 * Records what the dispatcher should look at: where the ticket could go and which open tickets
 * may be the same matter (并单 candidates), both in one transaction under the ticket's row lock.
 */
async function recordAdvice(
  ctx: TUseCaseContext,
  ticketId: string,
  advice: TRoutingAdvice,
  candidates: TDuplicateCandidate[],
): Promise<TRoutingOutcome> {
  const top = advice.units[0];
  if (!top && !candidates.length) return { outcome: 'skipped', reason: 'no_default_unit' };
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    // The same row lock lifecycle actions take: a dispatch cannot slip in between check and write.
    const [ticket] = await named(tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update'));
    if (!ticket) throw new AppError('NOT_FOUND', 'Ticket not found', { ticketId });
    if (ticket.status !== 'registered') return { outcome: 'skipped', reason: 'not_registered' } as const;
    const suggest = top && !(await hasEvent(tx, ticket, 'ticket.routing_suggested'));
    const duplicates = candidates.length > 0 && !(await hasEvent(tx, ticket, 'ticket.duplicates_suggested'));
    if (suggest || duplicates) {
      const [updated] = await named(
        tx
          .update(tickets)
          .set({ version: sql`${tickets.version} + 1`, updatedAt: now })
          .where(eq(tickets.id, ticketId))
          .returning(),
      );
      const event = { ticket: updated!, actor: SYSTEM_ROUTER, unitId: null, fromStatus: ticket.status, now };
      if (suggest)
        await recordTicketEvent(tx, {
          ...event,
          type: 'ticket.routing_suggested',
          payload: {
            suggestions: advice.units,
            categories: advice.categories,
            modelTrainedAt: advice.modelTrainedAt,
          },
        });
      if (duplicates)
        await recordTicketEvent(tx, {
          ...event,
          type: 'ticket.duplicates_suggested',
          payload: {
            candidates: candidates.map((c) => ({
              ticketId: c.ticketId,
              no: c.no,
              score: c.score,
              reasons: c.reasons,
            })),
          },
        });
    }
    if (!top) return { outcome: 'skipped', reason: 'no_default_unit' } as const;
    return suggest
      ? ({ outcome: 'suggested', unitId: top.unitId } as const)
      : ({ outcome: 'skipped', reason: 'already_suggested' } as const);
  });
}

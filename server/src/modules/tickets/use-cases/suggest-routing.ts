import { AppError, CONFIDENTIAL_UNIT_CODES, type TChannel } from '@hotline/shared';
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { TUseCaseContext } from '../../../app-context';
import { categories, ticketEvents, tickets, units } from '../../../infra/db/schema';
import { SYSTEM_ROUTER } from '../../auth/actor';
import { lineRoutingOf, type TLineRouting } from '../../seed/category-data';
import { performTicketAction } from './perform-ticket-action';
import { recordTicketEvent } from './publish';

/**
 * Channels whose requests arrive already structured (the citizen picked the category in a
 * form): only these may be dispatched without a person reading them first. Phone, WeChat and
 * Weibo tickets are categorised by an agent under time pressure and get a suggestion instead.
 */
export const STRUCTURED_CHANNELS: readonly TChannel[] = ['web', 'open311', 'app'];

export type TRoutingSuggestion = {
  unitId: string;
  unitName: string;
  reason: 'category default' | 'line default';
};

const groupCategories = alias(categories, 'group_categories');

export type TRoutingOutcome =
  | { outcome: 'dispatched'; unitId: string }
  | { outcome: 'suggested'; unitId: string }
  | { outcome: 'skipped'; reason: 'not_registered' | 'already_suggested' | 'no_default_unit' };

/**
 * Routes a newly registered ticket to the unit its category names. Safe to run any number of
 * times: a ticket that left `registered` (dispatched by the router or by a person meanwhile) is
 * left alone, and a suggestion is recorded once.
 */
export async function suggestRouting(ctx: TUseCaseContext, ticketId: string): Promise<TRoutingOutcome> {
  const [row] = await ctx.db
    .select({
      status: tickets.status,
      channel: tickets.channel,
      line: tickets.line,
      groupCode: sql<string | null>`coalesce(${groupCategories.code}, ${categories.code})`,
      isLeaf: categories.isLeaf,
      unitId: units.id,
      unitName: units.name,
      unitActive: units.active,
    })
    .from(tickets)
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .leftJoin(groupCategories, eq(groupCategories.id, categories.parentId))
    .leftJoin(units, eq(units.id, categories.defaultUnitId))
    .where(eq(tickets.id, ticketId));
  if (!row) throw new AppError('NOT_FOUND', 'Ticket not found', { ticketId });
  if (row.status !== 'registered') return { outcome: 'skipped', reason: 'not_registered' };
  const categoryDefault =
    row.unitId && row.unitName && row.unitActive
      ? { unitId: row.unitId, unitName: row.unitName, reason: 'category default' as const }
      : null;

  // A 12388 report can be read only by 市纪委监委, so nobody else could judge where it belongs:
  // it goes there at once, whatever the channel or category.
  if (row.line === '12388') {
    const unit = await lineDefaultSuggestion(ctx, {
      groupCodes: [],
      defaultUnitCode: CONFIDENTIAL_UNIT_CODES[0]!,
    });
    if (unit) return autoDispatch(ctx, ticketId, unit.unitId);
  }

  // A dedicated line (12315) has its own categories and its own unit. A ticket of that line with
  // no category, or one from outside the line's groups, is never auto-dispatched: the line is what
  // the citizen dialled, the stray category may be a slip, so the dispatcher gets both to choose.
  const lineRouting = lineRoutingOf(row.line);
  if (lineRouting && !(row.groupCode && lineRouting.groupCodes.includes(row.groupCode))) {
    const lineDefault = await lineDefaultSuggestion(ctx, lineRouting);
    const suggestions: TRoutingSuggestion[] = lineDefault ? [lineDefault] : [];
    if (categoryDefault && categoryDefault.unitId !== lineDefault?.unitId) suggestions.push(categoryDefault);
    if (suggestions.length > 0) return recordSuggestion(ctx, ticketId, suggestions);
  }
  if (!categoryDefault) return { outcome: 'skipped', reason: 'no_default_unit' };

  // A leaf category names exactly one unit; a group category only the usual owner of an area.
  const unambiguous = row.isLeaf === true;
  if (unambiguous && STRUCTURED_CHANNELS.includes(row.channel as TChannel)) {
    return autoDispatch(ctx, ticketId, categoryDefault.unitId);
  }
  return recordSuggestion(ctx, ticketId, [categoryDefault]);
}

async function autoDispatch(
  ctx: TUseCaseContext,
  ticketId: string,
  unitId: string,
): Promise<TRoutingOutcome> {
  try {
    await performTicketAction(ctx, SYSTEM_ROUTER, ticketId, 'dispatch', { unitId });
    return { outcome: 'dispatched', unitId };
  } catch (err) {
    // Someone dispatched (or answered, merged…) between our read and the router's lock.
    if (err instanceof AppError && err.code === 'ILLEGAL_TRANSITION')
      return { outcome: 'skipped', reason: 'not_registered' };
    throw err;
  }
}

async function lineDefaultSuggestion(
  ctx: TUseCaseContext,
  lineRouting: TLineRouting,
): Promise<TRoutingSuggestion | null> {
  const [unit] = await ctx.db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.code, lineRouting.defaultUnitCode), eq(units.active, true)));
  return unit ? { unitId: unit.id, unitName: unit.name, reason: 'line default' } : null;
}

async function recordSuggestion(
  ctx: TUseCaseContext,
  ticketId: string,
  suggestions: TRoutingSuggestion[],
): Promise<TRoutingOutcome> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    // The same row lock lifecycle actions take: a dispatch cannot slip in between check and write.
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (!ticket) throw new AppError('NOT_FOUND', 'Ticket not found', { ticketId });
    if (ticket.status !== 'registered') return { outcome: 'skipped', reason: 'not_registered' } as const;
    const [existing] = await tx
      .select({ id: ticketEvents.id })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, 'ticket.routing_suggested')))
      .limit(1);
    if (existing) return { outcome: 'skipped', reason: 'already_suggested' } as const;
    const [updated] = await tx
      .update(tickets)
      .set({ version: sql`${tickets.version} + 1`, updatedAt: now })
      .where(eq(tickets.id, ticketId))
      .returning();
    await recordTicketEvent(tx, {
      ticket: updated!,
      type: 'ticket.routing_suggested',
      actor: SYSTEM_ROUTER,
      unitId: null,
      fromStatus: ticket.status,
      payload: { suggestions },
      now,
    });
    return { outcome: 'suggested', unitId: suggestions[0]!.unitId } as const;
  });
}

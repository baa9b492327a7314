import {
  DEFAULT_ROUTER_OPTIONS,
  evaluateRouter,
  serializeRouter,
  trainRouter,
  type TRoutingExample,
  type TRoutingModelDto,
} from '@hotline/shared';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../app-context';
import { forgetRoutingModels, storeRoutingModel, type TRoutingTarget } from './routing-model.store';

/** Enough for a city's recent habits; older routing may follow an organisation that has changed. */
const MAX_ROWS = 50_000;
const MIN_ROWS = 20;
const MIN_LABELS = 2;
/** One ticket in five is held out to measure the model. */
const HOLDOUT_MODULUS = 5;

type THandledTicket = {
  id: string;
  text: string;
  line: string;
  categoryId: string | null;
  categoryCode: string | null;
  districtCode: string | null;
  unitId: string;
};

/**
 * Handled tickets: resolved or closed, not confidential (12388 content must not end up in a
 * model others query), not merged, with the unit that actually did the work — the last lead
 * assignment that replied. After two-level dispatch that is the street, not the district branch;
 * returned, cancelled and forwarded assignments are where the ticket did NOT end up.
 */
export async function handledTickets(ctx: TUseCaseContext): Promise<THandledTicket[]> {
  const res = await ctx.db.execute(sql`
    select t.id, t.title || ' ' || t.description as text, t.line, t.category_id, c.code as category_code,
      d.code as district_code, la.unit_id
    from tickets t
    join lateral (
      select a.unit_id from assignments a
      where a.ticket_id = t.id and a.role = 'lead' and a.status in ('replied', 'done')
      order by a.replied_at desc nulls last, a.dispatched_at desc
      limit 1
    ) la on true
    left join categories c on c.id = t.category_id
    left join units d on d.id = t.district_id
    where t.status in ('resolved', 'closed') and not t.confidential and t.parent_id is null
    order by coalesce(t.resolved_at, t.closed_at, t.created_at) desc, t.id
    limit ${MAX_ROWS}`);
  return (res.rows as Record<string, string | null>[]).map((r) => ({
    id: r.id!,
    text: r.text!,
    line: r.line!,
    categoryId: r.category_id ?? null,
    categoryCode: r.category_code ?? null,
    districtCode: r.district_code ?? null,
    unitId: r.unit_id!,
  }));
}

/** Stable across runs and processes, so the same tickets are held out every time. */
export function isHeldOut(ticketId: string): boolean {
  const hash = createHash('md5').update(ticketId).digest('hex');
  return parseInt(hash.slice(0, 8), 16) % HOLDOUT_MODULUS === 0;
}

async function trainTarget(
  ctx: TUseCaseContext,
  target: TRoutingTarget,
  rows: { id: string; example: TRoutingExample }[],
): Promise<TRoutingModelDto | null> {
  const log = ctx.logger.child({ task: 'routing-train', target });
  const labels = new Set(rows.map((r) => r.example.label)).size;
  if (rows.length < MIN_ROWS || labels < MIN_LABELS) {
    log.info({ rows: rows.length, labels }, 'too few handled tickets to train a routing model');
    return null;
  }
  const started = Date.now();
  const test = rows.filter((r) => isHeldOut(r.id)).map((r) => r.example);
  const train = rows.filter((r) => !isHeldOut(r.id)).map((r) => r.example);
  const measured = test.length && train.length ? evaluateRouter(trainRouter(train), test) : null;
  // The figures come from the held-out split; the model put to work learns from every row,
  // the held-out ones included (they are the most recent routing habits as much as any other).
  const model = trainRouter(rows.map((r) => r.example));
  const stored = await storeRoutingModel(ctx.db, {
    target,
    trainedAt: ctx.clock(),
    trainingRows: rows.length,
    heldoutRows: test.length,
    top1: measured ? measured.top1 : null,
    top3: measured ? measured.top3 : null,
    params: { options: DEFAULT_ROUTER_OPTIONS, labels, rows: rows.length, trainRows: train.length },
    model: serializeRouter(model),
  });
  log.info(
    {
      rows: rows.length,
      heldout: test.length,
      labels,
      top1: stored.top1,
      top3: stored.top3,
      ms: Date.now() - started,
    },
    'routing model trained',
  );
  return stored;
}

/** Trains the unit and category models from handled tickets and stores them. */
export async function trainRoutingModels(
  ctx: TUseCaseContext,
): Promise<{ unit: TRoutingModelDto | null; category: TRoutingModelDto | null }> {
  const tickets = await handledTickets(ctx);
  const unit = await trainTarget(
    ctx,
    'unit',
    tickets.map((t) => ({
      id: t.id,
      example: {
        text: t.text,
        category: t.categoryCode,
        district: t.districtCode,
        line: t.line,
        label: t.unitId,
      },
    })),
  );
  // The category model guesses what the agent has not picked yet, so the category is no feature.
  const category = await trainTarget(
    ctx,
    'category',
    tickets
      .filter((t) => t.categoryId)
      .map((t) => ({
        id: t.id,
        example: { text: t.text, district: t.districtCode, line: t.line, label: t.categoryId! },
      })),
  );
  forgetRoutingModels(ctx.db);
  return { unit, category };
}

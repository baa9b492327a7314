/**
 * `npm run demo:generate`: a realistic history for a period (months of calls and tickets across
 * channels, lines, categories, districts and units, with deadlines, call-backs, returns, redo and
 * extensions) from a seeded generator, written a month per transaction, then the KPI roll-up
 * rebuilt. A preset reproduces a published report: its figures come out of the generated events
 * and call records because the exceptions are planted in exact numbers, never written as totals.
 *
 * Refuses to write into a period that already holds generated tickets or calls (it would count
 * them twice). A run that fails half way leaves the months it committed: delete them (their keys
 * start with `demo-gen-`) or pick another period.
 */
import { addDays, fromShanghaiLocal, toShanghaiDate, type TChannel } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TPiiCipher } from '../../infra/crypto';
import type { TDb, TTx } from '../../infra/db/client';
import { ensureMonthPartitions } from '../../infra/db/partitions';
import { slaPolicies } from '../../infra/db/schema';
import { rebuildKpis } from '../kpi/kpi-rollup';
import { pickPolicy } from '../sla/sla-policy.repository';
import { CalendarService } from '../sla/calendar.service';
import { filingFacts } from './demo-generate-facts';
import {
  countFacts,
  lifeOf,
  plantRates,
  type TGenTicket,
  type TLifeCounts,
  type TLifeTargets,
} from './demo-generate-lives';
import { planPeriod } from './demo-generate-plan';
import { createMonthWriter, monthOf, type TWriteCounts } from './demo-generate-write';
import { createRng } from './demo-history-compose';
import { loadActors, loadRefs } from './demo-history';
import type { TLifeContext } from './demo-history-lifecycle';
import { CITY_UNIT_CODE } from './org-data';

export const DEMO_GENERATE_KEY_PREFIX = 'demo-gen-';
const LOCK_KEY = 712348;

export type TGenerateOptions = {
  from: string;
  to: string;
  seed: number;
  callsAnswered: number;
  onlineItems: number;
  threeWayCalls: number;
  /** Rates the generated events must round to (a preset); without them they fall where they fall. */
  targets?: TLifeTargets;
  onlineChannels?: readonly (readonly [TChannel, number])[];
  ticketShare?: number;
  /** Called after each month's transaction commits (tests run the incremental roll-up here). */
  afterMonth?: (month: string) => Promise<void>;
  /** Rebuild the KPI roll-up at the end (default true). */
  rebuild?: boolean;
};

export type TGenerateResult = {
  /** false: the period already had generated data; nothing was written. */
  written: boolean;
  reason?: string;
  from: string;
  to: string;
  months: string[];
  totals: TWriteCounts;
  facts: TLifeCounts;
  seconds: { plan: number; write: number; rollup: number };
};

export const GENERATE_PRESETS = {
  /** 常州12345 2018年上半年: 接听来电92042件, 网络受理724件, 按时办结率99.86%, 满意率99.6%, 三方通话120次. */
  'changzhou-2018h1': {
    from: '2018-01-01',
    to: '2018-06-30',
    seed: 20_180_630,
    callsAnswered: 92_042,
    onlineItems: 724,
    threeWayCalls: 120,
    targets: { onTimeRate: 0.9986, satisfactionRate: 0.996 },
    onlineChannels: [
      ['wechat', 52],
      ['weibo', 13],
      ['web', 35],
    ],
  },
} satisfies Record<string, Omit<TGenerateOptions, 'afterMonth' | 'rebuild'>>;
export type TGeneratePreset = keyof typeof GENERATE_PRESETS;

/** The default: the last six full months, about 400 calls answered a day. */
export function defaultGenerateOptions(now: Date): TGenerateOptions {
  const today = toShanghaiDate(now);
  const to = addDays(`${today.slice(0, 7)}-01`, -1);
  const [y, m] = to.split('-').map(Number) as [number, number];
  const fromMonth =
    m >= 6 ? `${y}-${String(m - 5).padStart(2, '0')}` : `${y - 1}-${String(m + 7).padStart(2, '0')}`;
  const from = `${fromMonth}-01`;
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  return { from, to, seed: 12_345, callsAnswered: days * 400, onlineItems: days * 9, threeWayCalls: days };
}

const secondsSince = (t: number) => Math.round((Date.now() - t) / 100) / 10;

export async function generateDemoPeriod(
  db: TDb,
  pii: TPiiCipher,
  o: TGenerateOptions,
): Promise<TGenerateResult> {
  const started = Date.now();
  const cal = await new CalendarService(db).get();
  for (const y of new Set([o.from.slice(0, 4), o.to.slice(0, 4)]))
    if (!cal.hasDataFor(+y)) throw new Error(`The holiday calendar has no data for ${y}: add it first`);
  const start = fromShanghaiLocal(o.from, 0);
  const end = fromShanghaiLocal(addDays(o.to, 1), 0);
  const key = `${DEMO_GENERATE_KEY_PREFIX}${o.seed}-${o.from}-`;
  const empty = { tickets: 0, events: 0, calls: 0 };
  let result: TGenerateResult | null = null;
  let pending: { month: string; tickets: TGenTicket[]; calls: ReturnType<typeof planPeriod>['calls'] }[] = [];
  let write: ReturnType<typeof createMonthWriter> | null = null;
  const totals = { ...empty };
  const tPlan = { at: 0, write: 0 };

  // The period's months get their partitions rather than piling up in the DEFAULT one.
  await ensureMonthPartitions(db, { from: start, to: end }, ['ticket_events']);
  // The check, the plan and the first month in one locked transaction: a second run waits, then refuses.
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    const clash = await tx.execute(sql`
      select (select count(*) from tickets where idempotency_key like ${DEMO_GENERATE_KEY_PREFIX + '%'}
                and created_at >= ${start} and created_at < ${end})::int as tickets,
             (select count(*) from call_records where call_id like ${DEMO_GENERATE_KEY_PREFIX + '%'}
                and created_at >= ${start} and created_at < ${end})::int as calls`);
    const c = clash.rows[0] as { tickets: number; calls: number };
    if (c.tickets || c.calls) {
      result = {
        written: false,
        reason: `${o.from}..${o.to} already holds ${c.tickets} generated tickets and ${c.calls} calls: refusing to write it twice`,
        from: o.from,
        to: o.to,
        months: [],
        totals: empty,
        facts: { replies: 0, lateReplies: 0, rated: 0, unsatisfied: 0 },
        seconds: { plan: 0, write: 0, rollup: 0 },
      };
      return;
    }
    const refs = await loadRefs(tx);
    const policies = await tx.select().from(slaPolicies);
    const actors = await loadActors(tx);
    const agents = await tx.execute(sql`select u.id from users u join units n on n.id = u.unit_id
      where u.role = 'agent' and u.active and n.code = ${CITY_UNIT_CODE} order by u.username`);
    const ctx: Omit<TLifeContext, 'rng'> = {
      cal,
      policyOf: (t) => pickPolicy(policies, t),
      ...actors,
      cityUnitId: refs.unitsByCode.get(CITY_UNIT_CODE)!.id,
    };
    const plan = planPeriod(refs, cal, {
      from: o.from,
      to: o.to,
      seed: o.seed,
      key,
      callsAnswered: o.callsAnswered,
      onlineItems: o.onlineItems,
      threeWayCalls: o.threeWayCalls,
      onlineChannels: o.onlineChannels ?? [
        ['wechat', 45],
        ['web', 25],
        ['weibo', 10],
        ['app', 15],
        ['open311', 5],
      ],
      ticketShare: o.ticketShare ?? 0.15,
    });
    const rng = createRng(o.seed ^ 0x5eed);
    const facts = filingFacts(
      plan.specs.map((s) => ({
        ...s,
        ...s.wording,
        districtId: refs.unitsByCode.get(s.matter.place.districtCode)!.id,
        phone: s.citizen?.phone ?? null,
        callAnsweredAt: s.call?.answeredAt ?? null,
      })),
    );
    const handlers = [...new Set(plan.specs.map((s) => s.handler))];
    const tickets: TGenTicket[] = plan.specs.map((spec, i) => {
      const wrong = rng.chance(0.012) ? rng.pick(handlers) : null;
      const g = {
        spec,
        filing: facts[i]!,
        satisfaction: rng.chance(0.9) ? ('satisfied' as const) : ('basically_satisfied' as const),
        flags: {
          lateSign: rng.chance(0.004),
          lateReply: o.targets ? false : undefined,
          wrongUnit: wrong && wrong.id !== spec.handler.id && wrong.id !== spec.via?.id ? wrong : null,
          extensionDays: rng.chance(0.015) ? rng.int(3, 10) : 0,
          redo: o.targets ? false : rng.chance(0.004),
        },
      };
      return { ...g, life: lifeOf(ctx, o.seed, g, end) };
    });
    const counts = o.targets ? plantRates(ctx, o.seed, tickets, end, o.targets, rng) : countFacts(tickets);
    const months = [...new Set(plan.specs.map((s) => monthOf(s.createdAt)))].sort();
    pending = months.map((month) => ({
      month,
      tickets: tickets.filter((t) => monthOf(t.spec.createdAt) === month),
      calls: plan.calls.filter((c) => monthOf(c.ringingAt) === month),
    }));
    write = createMonthWriter({
      pii,
      refs,
      agentIds: (agents.rows as { id: string }[]).map((r) => r.id),
      createdBy: actors.agent.id,
    });
    tPlan.at = secondsSince(started);
    result = {
      written: true,
      from: o.from,
      to: o.to,
      months,
      totals,
      facts: counts,
      seconds: { plan: tPlan.at, write: 0, rollup: 0 },
    };
    add(totals, await write(tx, pending[0]!.tickets, pending[0]!.calls));
    await analyze(tx);
  });
  const r = result as TGenerateResult | null;
  if (!r || !r.written) return r!;
  const writeStarted = Date.now();
  for (const [i, m] of pending.entries()) {
    if (i > 0)
      await db.transaction(async (tx) => {
        add(totals, await write!(tx, m.tickets, m.calls));
        await analyze(tx);
      });
    await o.afterMonth?.(m.month);
  }
  r.seconds.write = secondsSince(writeStarted);
  if (o.rebuild !== false) {
    const rollupStarted = Date.now();
    await rebuildKpis(db);
    r.seconds.rollup = secondsSince(rollupStarted);
  }
  return r;
}

/**
 * Fresh statistics with the rows: without them the planner takes the bulk-filled tables for
 * empty and the roll-up's per-ticket lookups become scans (a rebuild took minutes, not seconds).
 */
async function analyze(tx: TTx): Promise<void> {
  await tx.execute(sql`analyze tickets, ticket_events, call_records, assignments, ticket_deadlines`);
}

function add(into: TWriteCounts, c: TWriteCounts): void {
  into.tickets += c.tickets;
  into.events += c.events;
  into.calls += c.calls;
}

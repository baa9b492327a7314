/**
 * A believable past for a demo (and for training the router): about 2,000 handled tickets over
 * the last 90 days for every leaf category, plus the open tickets of the last week with planted
 * duplicates and near misses (demo-history-planted). Deterministic per seed, written with
 * multi-row INSERTs in one transaction, and idempotent: rows carry an idempotency key starting
 * with `demo-history-`, and a database that has them is left alone.
 */
import { like, sql } from 'drizzle-orm';
import type { TPiiCipher } from '../../infra/crypto';
import type { TDb, TTx } from '../../infra/db/client';
import { ensureMonthPartitions } from '../../infra/db/partitions';
import {
  assignments,
  categories,
  slaPolicies,
  ticketDeadlines,
  ticketEvents,
  tickets,
  units,
  users,
} from '../../infra/db/schema';
import { pickPolicy } from '../sla/sla-policy.repository';
import { CalendarService } from '../sla/calendar.service';
import { createRng, type TRng } from './demo-history-compose';
import {
  buildLife,
  lastEventAt,
  type TActorRef,
  type TFilingFacts,
  type TLife,
  type TLifeContext,
} from './demo-history-lifecycle';
import {
  NEAR_MISS_KINDS,
  PAIR_KINDS,
  parsePlantedKey,
  plantDuplicates,
  type TNearMissKind,
  type TPairKind,
} from './demo-history-planted';
import {
  citizenFactory,
  freshMatter,
  handlerFor,
  specFor,
  templatesOf,
  weighted,
  type TCitizenSeed,
  type TLeafRef,
  type TRefs,
  type TSpec,
} from './demo-history-spec';
import { CONFUSABLE, VAGUE_TEMPLATES } from './demo-history-data';
import { GROUP_WEIGHTS, HOUR_WEIGHTS } from './demo-history-places';
import { filingFacts } from './demo-generate-facts';
import { allocateNumbers, insertChunked, writeCitizens } from './demo-history-write';
import { CITY_UNIT_CODE } from './org-data';

export const DEMO_HISTORY_KEY_PREFIX = 'demo-history-';
const LOCK_KEY = 712347;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type TPlantedPair = { childNo: string; parentNo: string; kind: TPairKind };
export type TNearMiss = { queryNo: string; decoyNo: string; kind: TNearMissKind };
export type TDemoHistoryOptions = {
  /** Handled tickets to create (2,000); the planted open tickets come on top. */
  count?: number;
  seed?: number;
  now?: Date;
};
export type TDemoHistoryResult = {
  /** Tickets created by this call (0 when the history was already there). */
  tickets: number;
  /** Planted duplicates: `childNo` (registered, recent) should be merged into `parentNo`. */
  planted: TPlantedPair[];
  /** `queryNo` looks like `decoyNo` in one respect but is a different matter. */
  nearMisses: TNearMiss[];
};

export async function seedDemoHistory(
  db: TDb,
  pii: TPiiCipher,
  opts: TDemoHistoryOptions = {},
): Promise<TDemoHistoryResult> {
  const now = opts.now ?? new Date();
  const count = opts.count ?? 2000;
  const rng = createRng(opts.seed ?? 20_180_630);
  const cal = await new CalendarService(db).get();
  // The history's months (historyTime: up to 90 days back) get their partitions, not DEFAULT.
  await ensureMonthPartitions(db, { from: new Date(now.getTime() - 91 * DAY), to: now }, ['ticket_events']);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    const existing = await tx
      .select({ no: tickets.no, key: tickets.idempotencyKey })
      .from(tickets)
      .where(like(tickets.idempotencyKey, `${DEMO_HISTORY_KEY_PREFIX}%`));
    if (existing.length) return { tickets: 0, ...groundTruth(existing) };

    const refs = await loadRefs(tx);
    const policies = await tx.select().from(slaPolicies);
    const life: TLifeContext = {
      rng,
      cal,
      policyOf: (t) => pickPolicy(policies, t),
      ...(await loadActors(tx)),
      cityUnitId: refs.unitsByCode.get(CITY_UNIT_CODE)!.id,
    };
    const newCitizen = citizenFactory(rng);
    const specs = [
      ...historySpecs(refs, rng, count, now, newCitizen),
      ...plantDuplicates(refs, rng, now, newCitizen),
    ];
    const facts = filingFacts(
      specs.map((s) => ({
        ...s,
        ...s.wording,
        districtId: refs.unitsByCode.get(s.matter.place.districtCode)!.id,
        phone: s.citizen?.phone ?? null,
      })),
    );
    const lives = specs.map((s, i) => liveBefore(life, s, now, facts[i]!));
    const citizenIds = await writeCitizens(tx, pii, specs);
    const numbers = await allocateNumbers(tx, specs);
    await insertChunked(
      tx,
      tickets,
      specs.map((s, i) => ({
        id: s.id,
        no: numbers[i]!,
        line: s.line,
        channel: s.channel,
        type: s.type,
        categoryId: s.categoryId,
        urgency: s.urgency,
        title: s.wording.title,
        description: s.wording.description,
        address: s.wording.address,
        districtId: refs.unitsByCode.get(s.matter.place.districtCode)!.id,
        confidential: s.line === '12388',
        status: lives[i]!.status,
        citizenId: s.citizen ? citizenIds.get(s.citizen.phone)! : null,
        leadUnitId: lives[i]!.leadUnitId,
        callbackDone: lives[i]!.callbackDone,
        satisfaction: lives[i]!.satisfaction,
        dueAt: lives[i]!.dueAt,
        dueKind: lives[i]!.dueKind,
        idempotencyKey: s.key,
        createdBy: life.agent.id,
        createdAt: s.createdAt,
        updatedAt: lives[i]!.updatedAt,
        registeredAt: s.createdAt,
        dispatchedAt: lives[i]!.dispatchedAt,
        resolvedAt: lives[i]!.resolvedAt,
        closedAt: lives[i]!.closedAt,
        version: lives[i]!.version,
      })),
    );
    await insertChunked(
      tx,
      assignments,
      lives.flatMap((l) => l.assignments),
    );
    await insertChunked(
      tx,
      ticketDeadlines,
      lives.flatMap((l) => l.deadlines),
    );
    await insertChunked(
      tx,
      ticketEvents,
      lives.flatMap((l) => l.events),
    );
    const keys = specs.map((s, i) => ({ key: s.key, no: numbers[i]! }));
    return { tickets: specs.length, ...groundTruth(keys) };
  });
}

function groundTruth(rows: { key: string | null; no: string }[]): Omit<TDemoHistoryResult, 'tickets'> {
  const byKind = new Map<string, Map<number, { first?: string; second?: string }>>();
  for (const r of rows) {
    const k = r.key ? parsePlantedKey(r.key) : null;
    if (!k) continue;
    const kind = byKind.get(k.kind) ?? new Map<number, { first?: string; second?: string }>();
    byKind.set(k.kind, kind);
    kind.set(k.n, { ...kind.get(k.n), [k.role]: r.no });
  }
  const pairs = <K extends string>(kinds: readonly K[]) =>
    kinds.flatMap((kind) =>
      [...(byKind.get(kind) ?? new Map()).entries()]
        .sort(([a], [b]) => a - b)
        .filter(([, v]) => v.first && v.second)
        .map(([, v]) => ({ kind, first: v.first as string, second: v.second as string })),
    );
  return {
    planted: pairs(PAIR_KINDS).map((p) => ({ childNo: p.second, parentNo: p.first, kind: p.kind })),
    nearMisses: pairs(NEAR_MISS_KINDS).map((p) => ({ queryNo: p.second, decoyNo: p.first, kind: p.kind })),
  };
}

export async function loadRefs(tx: TTx): Promise<TRefs> {
  const unitRows = await tx.select({ id: units.id, code: units.code, name: units.name }).from(units);
  const unitsByCode = new Map(unitRows.map((u) => [u.code, u]));
  const codeOfUnit = new Map(unitRows.map((u) => [u.id, u.code]));
  const cats = await tx.select().from(categories);
  const groups = new Map(cats.filter((c) => c.parentId === null).map((c) => [c.id, c.code]));
  const leaves: TLeafRef[] = cats
    .filter((c) => c.isLeaf && c.parentId && c.active)
    .sort((a, b) => a.code.localeCompare(b.code))
    .flatMap((c) => {
      // Categories an admin added have no demo wording: the history leaves them out.
      const templates = templatesOf(c.name);
      const defaultUnitCode = c.defaultUnitId ? codeOfUnit.get(c.defaultUnitId) : undefined;
      if (!templates || !defaultUnitCode) return [];
      return [
        {
          id: c.id,
          code: c.code,
          name: c.name,
          groupCode: groups.get(c.parentId!) ?? '14',
          defaultUnitCode,
          templates,
        },
      ];
    });
  if (!leaves.length) throw new Error('No categories: run seedReference before seedDemoHistory');
  return { unitsByCode, leaves };
}

/** Demo users when there are any (their names show on the timeline); otherwise named roles. */
export async function loadActors(
  tx: TTx,
): Promise<Pick<TLifeContext, 'agent' | 'dispatcher' | 'handlerOf' | 'branchDispatcherOf'>> {
  const rows = await tx
    .select({
      id: users.id,
      name: users.displayName,
      role: users.role,
      unitId: users.unitId,
      username: users.username,
    })
    .from(users)
    .where(sql`${users.active}`)
    .orderBy(users.username);
  const first = (role: string, unitId?: string) =>
    rows.find((u) => u.role === role && (!unitId || u.unitId === unitId));
  const ref = (u: (typeof rows)[number] | undefined, fallback: TActorRef): TActorRef =>
    u ? { id: u.id, name: u.name, role: u.role } : fallback;
  const city = await tx
    .select({ id: units.id })
    .from(units)
    .where(sql`${units.code} = ${CITY_UNIT_CODE}`);
  const cityId = city[0]?.id;
  return {
    agent: ref(first('agent', cityId), { id: null, name: '话务员', role: 'agent' }),
    dispatcher: ref(first('dispatcher', cityId), { id: null, name: '派单员', role: 'dispatcher' }),
    handlerOf: (u) =>
      ref(first('unit_handler', u.id), { id: null, name: `${u.name}承办人`, role: 'unit_handler' }),
    branchDispatcherOf: (u) =>
      ref(first('dispatcher', u.id), { id: null, name: `${u.name}派单员`, role: 'dispatcher' }),
  };
}

/** Which leaf each handled ticket is about: every leaf a few times, the rest by group popularity. */
function leafPlan(refs: TRefs, rng: TRng, count: number): TLeafRef[] {
  const floor = Math.max(1, Math.floor(count * 0.004));
  const plan: TLeafRef[] = refs.leaves.flatMap((l) => Array.from({ length: floor }, () => l));
  const perGroup = new Map<string, number>();
  for (const l of refs.leaves) perGroup.set(l.groupCode, (perGroup.get(l.groupCode) ?? 0) + 1);
  const weights = refs.leaves.map(
    (l) =>
      [
        l,
        ((GROUP_WEIGHTS[l.groupCode] ?? 2) / perGroup.get(l.groupCode)!) * (0.6 + rng.next() * 0.8),
      ] as const,
  );
  while (plan.length < count) plan.push(weighted(rng, weights));
  return plan.slice(0, count);
}

/** Between 90 and 2 days ago, in the hours people call, fewer at weekends. */
function historyTime(rng: TRng, now: Date): Date {
  for (;;) {
    const day = Math.floor((now.getTime() + 8 * HOUR) / DAY) - rng.int(2, 90);
    const weekday = new Date(day * DAY).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.chance(0.4)) continue;
    const hour = weighted(rng, HOUR_WEIGHTS);
    return new Date(day * DAY - 8 * HOUR + hour * HOUR + rng.int(0, 3599) * 1000);
  }
}

function historySpecs(
  refs: TRefs,
  rng: TRng,
  count: number,
  now: Date,
  newCitizen: () => TCitizenSeed,
): TSpec[] {
  const callers: TCitizenSeed[] = [];
  const byName = new Map(refs.leaves.map((l) => [l.name, l]));
  return leafPlan(refs, rng, count).map((leaf, i) => {
    // Some citizens call more than once in three months; a few stay anonymous.
    let citizen: TCitizenSeed | null = null;
    if (!rng.chance(0.03)) {
      citizen = callers.length && rng.chance(0.15) ? rng.pick(callers) : newCitizen();
      callers.push(citizen);
    }
    const matter = freshMatter(refs, rng, leaf);
    // A vague account, or one filed under a neighbouring category (then the dispatcher
    // followed the category, or now and then what the text said).
    const neighbours = (CONFUSABLE[leaf.name] ?? []).flatMap((n) => byName.get(n) ?? []);
    const filed = neighbours.length && rng.chance(0.12) ? rng.pick(neighbours) : leaf;
    if (rng.chance(0.03)) {
      const vague = rng.pick(
        VAGUE_TEMPLATES.filter((t) => (t.at === 'none') === (matter.template.at === 'none')),
      );
      matter.template = { ...vague, type: matter.template.type, by: matter.template.by };
    }
    const handled =
      filed !== leaf && rng.chance(0.6)
        ? handlerFor(refs, rng, filed, rng.pick(filed.templates), matter.place)
        : undefined;
    return specFor(refs, rng, {
      key: `${DEMO_HISTORY_KEY_PREFIX}h-${String(i + 1).padStart(5, '0')}`,
      createdAt: historyTime(rng, now),
      outcome: 'closed',
      leaf: filed,
      matter,
      citizen,
      handled: handled ?? handlerFor(refs, rng, leaf, matter.template, matter.place),
    });
  });
}

/**
 * The ticket's life as far as it got before `now`: a ticket whose callback would fall in the
 * future is still resolved; an open one whose signing would is still only dispatched.
 */
function liveBefore(c: TLifeContext, s: TSpec, now: Date, filing: TFilingFacts): TLife {
  for (let attempt = 0; ; attempt++) {
    const life = buildLife(c, {
      ...s,
      ticketId: s.id,
      meta: s,
      filing,
      satisfaction: c.rng.chance(0.9) ? 'satisfied' : 'basically_satisfied',
    });
    if (lastEventAt(life) <= now || attempt > 6) return life;
    if (s.outcome === 'closed') s.outcome = 'resolved';
    else if (s.outcome === 'in_progress') s.outcome = 'dispatched';
    else
      s.createdAt = new Date(
        s.createdAt.getTime() - (lastEventAt(life).getTime() - now.getTime()) - 2 * HOUR,
      );
  }
}

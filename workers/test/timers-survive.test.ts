/**
 * Acceptance: with 1,000 open tickets, kill -9 the workers and flush Redis; after restart every
 * warning and breach that fell due is recorded exactly once.
 *
 * Real worker processes against a redis-server of this file's own (FLUSHALL cannot reach other
 * tests) and real time. The deadlines are spread around "now" in groups, each with an
 * expectation that does not depend on timing luck:
 *
 *   backlog, inserted before the first worker starts (its start-up sweep races its timers):
 *     A  overdue already                      → breached once, never warned
 *     B  in the warning window already        → warned once
 *   live, inserted once the first worker runs (T = insert time):
 *     C  warn T+1…4 s                         → warned once, by the first worker's timers
 *     Cb warn T+1…2.5 s, due 3 s later        → breached once; warned at most once (a warn timer
 *                                               that runs late, after the due, records nothing)
 *        ── kill -9 at T+14 s, FLUSHALL: every delayed timer is gone ──
 *     D  warn T+16…18 s                       → warned once, by the new worker's start-up sweep
 *     E  warn T+16…17 s, due 2 s later        → breached once, never warned (both passed unwatched)
 *        ── new worker at T+20 s ──
 *     F  warn T+32…36 s                       → warned once, by the minute sweep (no timer left)
 *     G  warn T+32…34 s, due 5 s later        → breached once, never warned
 *     H  warn T+1 h                           → nothing
 *
 * One worker gets through about 100 timers a second here (a record is a transaction with two
 * events and two outbox rows), so the 450 zero-delay timers of the backlog hold C and Cb back by
 * a few seconds: Cb's warnings usually come after its due and are rightly dropped. The kill
 * leaves ten seconds for A–Cb.
 *
 * Nothing re-arms a flushed timer: only the every-minute sweep finds D–G, so the file waits for
 * the new worker's second sweep (~60 s after it starts). Without the sweep, or with a record
 * that is not conditional, it fails.
 */
import { randomUUID } from 'node:crypto';
import { sweepDeadlines } from '../../server/src/modules/sla/use-cases/sweep-deadlines';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { bullPrefix } from '../src/jobs/queue-names';
import { startPrivateRedis, type TPrivateRedis } from './support/private-redis';
import {
  idOf,
  pendingOutbox,
  sleep,
  spawnWorker,
  waitUntil,
  type TWorkerProcess,
} from './support/worker-harness';

jest.setTimeout(150_000);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const KILL_AT = 14 * SECOND;
/** D and E fall due between the kill and the restart. */
const GAP = 16 * SECOND;
const RESTART_AT = 20 * SECOND;
/** F and G fall due after the new worker's start-up sweep. */
const LATE = 32 * SECOND;

type TGroupName = 'A' | 'B' | 'C' | 'Cb' | 'D' | 'E' | 'F' | 'G' | 'H';
type TGroup = {
  name: TGroupName;
  count: number;
  /** Warning instant of the i-th of `count` deadlines (f = i / (count - 1)), relative to the batch's base. */
  warn: (f: number) => number;
  due: (f: number, warn: number) => number;
  expect: { warnings: 0 | 1 | 'at most 1'; breaches: 0 | 1 };
};

const lerp = (a: number, b: number) => (f: number) => a + (b - a) * f;

const BACKLOG: TGroup[] = [
  {
    name: 'A',
    count: 150,
    warn: (f) => -20 * MINUTE - f * 10 * MINUTE,
    due: (f) => -SECOND - f * 10 * MINUTE,
    expect: { warnings: 0, breaches: 1 },
  },
  {
    name: 'B',
    count: 150,
    warn: (f) => -SECOND - f * 10 * MINUTE,
    due: () => 2 * HOUR,
    expect: { warnings: 1, breaches: 0 },
  },
];

const LIVE: TGroup[] = [
  {
    name: 'C',
    count: 150,
    warn: lerp(SECOND, 4 * SECOND),
    due: () => 2 * HOUR,
    expect: { warnings: 1, breaches: 0 },
  },
  {
    name: 'Cb',
    count: 100,
    warn: lerp(SECOND, 2.5 * SECOND),
    due: (_f, warn) => warn + 3 * SECOND,
    expect: { warnings: 'at most 1', breaches: 1 },
  },
  {
    name: 'D',
    count: 100,
    warn: lerp(GAP, GAP + 2 * SECOND),
    due: () => 2 * HOUR,
    expect: { warnings: 1, breaches: 0 },
  },
  {
    name: 'E',
    count: 100,
    warn: lerp(GAP, GAP + SECOND),
    due: (_f, warn) => warn + 2 * SECOND,
    expect: { warnings: 0, breaches: 1 },
  },
  {
    name: 'F',
    count: 100,
    warn: lerp(LATE, LATE + 4 * SECOND),
    due: () => 2 * HOUR,
    expect: { warnings: 1, breaches: 0 },
  },
  {
    name: 'G',
    count: 50,
    warn: lerp(LATE, LATE + 2 * SECOND),
    due: (_f, warn) => warn + 5 * SECOND,
    expect: { warnings: 0, breaches: 1 },
  },
  { name: 'H', count: 100, warn: () => HOUR, due: () => 2 * HOUR, expect: { warnings: 0, breaches: 0 } },
];

type TPlanned = { group: TGroup; ticketId: string; deadlineId: string; warnAt: Date; dueAt: Date };

let redis: TPrivateRedis;
let s: TTestServer;
const children: TWorkerProcess[] = [];

beforeAll(async () => {
  redis = await startPrivateRedis();
  s = await startTestServer('wk_timers', { env: { REDIS_URL: redis.url } });
});
afterAll(async () => {
  for (const c of children)
    if (c.child.exitCode === null && c.child.signalCode === null) await c.kill9().catch(() => undefined);
  await s?.stop();
  await redis?.stop();
});

function worker(): TWorkerProcess {
  const w = spawnWorker(s, { REDIS_URL: redis.url });
  children.push(w);
  return w;
}

const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

function plan(groups: TGroup[], base: number): TPlanned[] {
  return groups.flatMap((group) =>
    Array.from({ length: group.count }, (_, i) => {
      const f = group.count > 1 ? i / (group.count - 1) : 0;
      const warn = group.warn(f);
      return {
        group,
        ticketId: randomUUID(),
        deadlineId: randomUUID(),
        warnAt: new Date(base + warn),
        dueAt: new Date(base + group.due(f, warn)),
      };
    }),
  );
}

/** A real ticket dispatched to 市城管局 through the API: the model every bulk copy is made from. */
async function templateTicket(): Promise<{ id: string; outboxPayload: any }> {
  const agent = await s.login('agent1');
  const dispatcher = await s.login('dispatcher1');
  const { body } = await agent.post('/tickets', {
    type: 'complaint',
    title: '占道经营',
    description: '早市摊贩占用人行道',
  });
  const res = await dispatcher.post(`/tickets/${body.ticket.id}/dispatch`, {
    unitId: await idOf(s, 'units', 'cgj'),
  });
  expect(res.status).toBe(200);
  const { rows } = await s.ctx.pool.query(
    `select payload from outbox where aggregate_id = $1 and topic = 'ticket.dispatched'`,
    [body.ticket.id],
  );
  return { id: body.ticket.id, outboxPayload: rows[0].payload };
}

let copies = 0;

/**
 * Copies of the template ticket, each with one lead assignment and one active sign-for deadline
 * at the planned instants, and the `ticket.dispatched` outbox row a dispatch writes, which is how
 * the relay arms the timers. One transaction, a handful of statements.
 */
async function insertTickets(
  template: { id: string; outboxPayload: any },
  planned: TPlanned[],
): Promise<void> {
  const client = await s.ctx.pool.connect();
  try {
    await client.query('begin');
    const nos = planned.map(() => `B${String(++copies).padStart(5, '0')}`);
    const ticketIds = planned.map((p) => p.ticketId);
    await client.query(
      `insert into tickets (id, no, line, channel, type, category_id, urgency, title, description, confidential,
         status, lead_unit_id, created_by, created_at, updated_at, registered_at, dispatched_at, version)
       select u.id, t.no || '-' || u.no, t.line, t.channel, t.type, t.category_id, t.urgency, t.title, t.description,
         t.confidential, t.status, t.lead_unit_id, t.created_by, now(), now(), now(), now(), 1
       from tickets t, unnest($2::uuid[], $3::text[]) as u(id, no)
       where t.id = $1`,
      [template.id, ticketIds, nos],
    );
    await client.query(
      `insert into assignments (ticket_id, unit_id, role, status, dispatched_by, dispatched_at)
       select u.id, a.unit_id, a.role, a.status, a.dispatched_by, now()
       from assignments a, unnest($2::uuid[]) as u(id)
       where a.ticket_id = $1`,
      [template.id, ticketIds],
    );
    await client.query(
      `insert into ticket_deadlines (id, ticket_id, assignment_id, unit_id, kind, start_at, warn_at, due_at,
         duration_amount, duration_unit)
       select d.id, d.ticket_id, a.id, a.unit_id, 'sign', now(), d.warn_at, d.due_at, 1, 'working_days'
       from unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[]) as d(id, ticket_id, warn_at, due_at)
       join assignments a on a.ticket_id = d.ticket_id`,
      [
        planned.map((p) => p.deadlineId),
        ticketIds,
        planned.map((p) => p.warnAt),
        planned.map((p) => p.dueAt),
      ],
    );
    await client.query(
      `update tickets t set due_at = d.due_at, due_kind = 'sign'
       from ticket_deadlines d where d.ticket_id = t.id and t.id = any($1::uuid[])`,
      [ticketIds],
    );
    const payloads = planned.map((p, i) => ({
      aggregate_id: p.ticketId,
      payload: {
        ...template.outboxPayload,
        message: {
          ...template.outboxPayload.message,
          ticketId: p.ticketId,
          ticketNo: nos[i],
          eventId: `bulk-${nos[i]}`,
        },
        deadlines: [{ id: p.deadlineId, warnAt: p.warnAt.toISOString(), dueAt: p.dueAt.toISOString() }],
      },
    }));
    await client.query(
      `insert into outbox (topic, aggregate_id, payload)
       select 'ticket.dispatched', x.aggregate_id, x.payload
       from jsonb_to_recordset($1::jsonb) as x(aggregate_id uuid, payload jsonb)`,
      [JSON.stringify(payloads)],
    );
    await client.query(`select pg_notify('hotline_outbox', '')`);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}

type TRecord = {
  id: string;
  warned_at: Date | null;
  breached_at: Date | null;
  warnings: number;
  breaches: number;
  chased_warning: number;
  chased_breach: number;
  overdue: boolean;
};

async function records(planned: TPlanned[]): Promise<Map<string, TRecord>> {
  const { rows } = await s.ctx.pool.query<TRecord>(
    `select d.id, d.warned_at, d.breached_at, t.overdue,
       count(e.id) filter (where e.type = 'ticket.deadline_warning')::int as warnings,
       count(e.id) filter (where e.type = 'ticket.deadline_breached')::int as breaches,
       count(e.id) filter (where e.type = 'ticket.chased' and e.payload->>'trigger' = 'warning')::int as chased_warning,
       count(e.id) filter (where e.type = 'ticket.chased' and e.payload->>'trigger' = 'breach')::int as chased_breach
     from ticket_deadlines d
     join tickets t on t.id = d.ticket_id
     left join ticket_events e on e.ticket_id = d.ticket_id and e.payload->>'deadlineId' = d.id::text
     where d.id = any($1::uuid[])
     group by d.id, t.overdue`,
    [planned.map((p) => p.deadlineId)],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Recorded warnings and breaches per group, e.g. { C: '150w 0b' }. */
function tally(planned: TPlanned[], recs: Map<string, TRecord>): Record<string, string> {
  const out: Record<string, { w: number; b: number; n: number }> = {};
  for (const p of planned) {
    const r = recs.get(p.deadlineId)!;
    const t = (out[p.group.name] ??= { w: 0, b: 0, n: 0 });
    t.n += 1;
    t.w += r.warnings;
    t.b += r.breaches;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, `${v.n}: ${v.w}w ${v.b}b`]));
}

test('after kill -9 and FLUSHALL, every warning and breach that fell due is recorded exactly once', async () => {
  const t0 = Date.now();
  const template = await templateTicket();

  const backlog = plan(BACKLOG, Date.now());
  await insertTickets(template, backlog);
  const first = worker();
  await first.ready;
  const firstReadyMs = Date.now() - t0;

  const base = Date.now();
  const live = plan(LIVE, base);
  await insertTickets(template, live);
  const all = [...backlog, ...live];
  expect(all).toHaveLength(1000);
  const insertedMs = Date.now() - base;

  // The relay turned every outbox row into timers well before the kill.
  await waitUntil(
    async () => (await pendingOutbox(s)).length === 0,
    'the relay to arm every timer',
    KILL_AT - 2 * SECOND,
  );
  const armedMs = Date.now() - base;
  expect(await redis.dbSize()).toBeGreaterThan(0);

  // A and B by the start-up sweep or the zero-delay timers, C and Cb by the timers alone: the
  // first worker's next sweep is a minute away.
  const early = all.filter((p) => ['A', 'B', 'C', 'Cb'].includes(p.group.name));
  const earlyDone = async () => {
    const recs = await records(early);
    return early.every((p) => {
      const r = recs.get(p.deadlineId)!;
      return p.group.expect.breaches ? r.breaches === 1 : r.warnings === 1;
    });
  };
  await waitUntil(
    earlyDone,
    'the first worker to record A, B, C and Cb',
    Math.max(0, base + KILL_AT - Date.now()),
    200,
  ).catch(async (err: Error) => {
    throw new Error(
      `${err.message}: ${JSON.stringify(tally(all, await records(all)))}\n${first.output().slice(-3000)}`,
    );
  });
  await sleepUntil(base + KILL_AT);

  // Every timer not yet fired is a delayed job now: B's to H's dues, D–H's warnings (1,200).
  const armedTimers = await redis.client.zcard(`${bullPrefix(s.prefix)}:sla-clock:delayed`);
  expect(armedTimers).toBeGreaterThanOrEqual(1200);
  expect(Date.now()).toBeLessThan(base + GAP); // D and E must still lie ahead
  await first.kill9();
  await redis.flushAll();
  expect(await redis.dbSize()).toBe(0);
  const atKill = await records(all);
  const beforeKill = tally(all, atKill);

  // Nobody runs now: D and E fall due unwatched.
  await sleepUntil(base + RESTART_AT);
  expect(tally(all, await records(all))).toEqual(beforeKill);

  const second = worker();
  await second.ready;
  const secondReadyMs = Date.now() - base;
  // F and G must fall due after the start-up sweep, so that only the minute sweep can find them.
  expect(secondReadyMs).toBeLessThan(LATE - 2 * SECOND);

  const late = all.filter((p) => ['D', 'E', 'F', 'G'].includes(p.group.name));
  await waitUntil(
    async () => {
      const recs = await records(late);
      return late.every((p) => {
        const r = recs.get(p.deadlineId)!;
        return p.group.expect.breaches ? r.breaches >= 1 : r.warnings >= 1;
      });
    },
    'the new worker to record D, E, F and G (F and G need its minute sweep)',
    95 * SECOND,
    500,
  ).catch(async (err: Error) => {
    throw new Error(
      `${err.message}: ${JSON.stringify(tally(all, await records(all)))}\n${second.output().slice(-3000)}`,
    );
  });
  const allRecordedMs = Date.now() - base;
  // Let the outbox of the last records drain and anything stray fire, then sweep once more by hand.
  await waitUntil(async () => (await pendingOutbox(s)).length === 0, 'the outbox to drain', 10 * SECOND);
  await sleep(1500);
  const extraSweep = await sweepDeadlines(s.ctx, new Date());
  const checkedAt = Date.now();

  const recs = await records(all);
  const wrong: string[] = [];
  for (const p of all) {
    const r = recs.get(p.deadlineId)!;
    const duePassed = p.dueAt.getTime() < checkedAt;
    const warnPassed = p.warnAt.getTime() <= checkedAt;
    const tag = `${p.group.name} ${p.deadlineId}`;
    // The rule, from the timings alone.
    const breaches = duePassed ? 1 : 0;
    if (r.breaches !== breaches || (r.breached_at !== null) !== duePassed)
      wrong.push(
        `${tag}: ${r.breaches} breach events, breached_at ${String(r.breached_at)}, expected ${breaches}`,
      );
    if (!duePassed && r.warnings !== (warnPassed ? 1 : 0))
      wrong.push(`${tag}: ${r.warnings} warning events, expected ${warnPassed ? 1 : 0}`);
    if (r.warnings > 1 || (r.warned_at !== null) !== (r.warnings === 1))
      wrong.push(`${tag}: ${r.warnings} warning events, warned_at ${String(r.warned_at)}`);
    // The group's expectation, which also says when a warning is not news any more.
    const { warnings: w, breaches: b } = p.group.expect;
    if (r.breaches !== b || (w !== 'at most 1' && r.warnings !== w))
      wrong.push(`${tag}: ${r.warnings}w ${r.breaches}b, group expects ${w}w ${b}b`);
    // Each clock event comes with its automatic reminder to the unit, and lists show the breach.
    if (r.chased_warning !== r.warnings || r.chased_breach !== r.breaches)
      wrong.push(
        `${tag}: reminders ${r.chased_warning}/${r.chased_breach} for ${r.warnings}w ${r.breaches}b`,
      );
    if (r.overdue !== duePassed) wrong.push(`${tag}: ticket overdue ${r.overdue}`);
  }
  expect(wrong.slice(0, 20)).toEqual([]);

  const duplicates = await s.ctx.pool.query(
    `select payload->>'deadlineId' as deadline_id, type, count(*)::int as n from ticket_events
     where type in ('ticket.deadline_warning', 'ticket.deadline_breached')
     group by 1, 2 having count(*) > 1`,
  );
  expect(duplicates.rows).toEqual([]);
  expect(extraSweep).toEqual({ warnings: 0, breaches: 0 });

  const totals = await s.ctx.pool.query(
    `select type, count(*)::int as n from ticket_events
     where type in ('ticket.deadline_warning', 'ticket.deadline_breached', 'ticket.chased') group by type order by type`,
  );
  const sweepLines = second
    .output()
    .split('\n')
    .filter((l) => l.includes('sweep recorded deadlines no timer had'))
    .map((l) => {
      const { warnings, breaches, time } = JSON.parse(l) as {
        warnings: number;
        breaches: number;
        time: number;
      };
      return `+${((time - base) / SECOND).toFixed(1)} s: ${warnings}w ${breaches}b`;
    });
  // Jest's console.log would add a stack trace to the figures.
  process.stdout.write(
    [
      `timers-survive: ${all.length} deadlines`,
      `  first worker ready ${(firstReadyMs / SECOND).toFixed(1)} s after start; live batch inserted in ${insertedMs} ms, timers armed by +${(armedMs / SECOND).toFixed(1)} s`,
      `  delayed timers in Redis at the kill: ${armedTimers}`,
      `  recorded before the kill (group: deadlines: warnings breaches): ${JSON.stringify(beforeKill)}`,
      `  new worker ready at +${(secondReadyMs / SECOND).toFixed(1)} s; its sweeps: ${sweepLines.join('; ')}`,
      `  everything recorded by +${(allRecordedMs / SECOND).toFixed(1)} s; final: ${JSON.stringify(tally(all, recs))}`,
      `  events in the database: ${totals.rows.map((r: { type: string; n: number }) => `${r.type} ${r.n}`).join(', ')}`,
      `  test body ${((Date.now() - t0) / SECOND).toFixed(1)} s`,
    ].join('\n') + '\n',
  );
  expect(await second.terminate()).toBe(0);
});

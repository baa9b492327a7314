import { sql } from 'drizzle-orm';
import { Client } from 'pg';
import { createDb } from '../src/infra/db/client';
import { ensureMonthPartitions, maintainPartitions } from '../src/infra/db/partitions';
import { unitFactsSql } from '../src/modules/kpi/kpi-facts';
import { timelineSql } from '../src/modules/tickets/ticket.repository';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

// Changzhou mornings: a ticket filed in March, another in April.
const MARCH = new Date('2026-03-16T02:00:00.000Z');
const APRIL = new Date('2026-04-10T02:00:00.000Z');

let now = MARCH;
let s: TTestServer;
let c: TCast;
let pg: Client;
let march: { id: string; no: string };
let april: { id: string; no: string };

const rows = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await pg.query(text, params)).rows as T[];

/** Which partition holds each of a ticket's events. */
const eventPartitions = (ticketId: string) =>
  rows<{ type: string; part: string }>(
    `select type, tableoid::regclass::text as part from ticket_events where ticket_id = $1 order by id`,
    [ticketId],
  );

type TPlanNode = {
  'Relation Name'?: string;
  Alias?: string;
  'Actual Loops'?: number;
  Plans?: TPlanNode[];
};

/**
 * The partitions of ticket_events a plan reads under the query alias `alias` (`e`, `c`; a
 * partition's scan is aliased e_1, e_2 …); with `executedOnly`, only those its run scanned.
 */
function eventPartitionsRead(node: TPlanNode, alias: string, executedOnly = false): string[] {
  const found = new Set<string>();
  const walk = (n: TPlanNode) => {
    const rel = n['Relation Name'];
    if (
      rel?.startsWith('ticket_events') &&
      new RegExp(`^${alias}(_\\d+)?$`).test(n.Alias ?? '') &&
      (!executedOnly || (n['Actual Loops'] ?? 0) > 0)
    )
      found.add(rel);
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(node);
  return [...found].sort();
}

beforeAll(async () => {
  // The server's start-up upkeep creates March … June 2026 from its clock.
  s = await startTestServer('partitions', { clock: () => now });
  c = await signInCast(s);
  pg = new Client({ connectionString: s.dbUrl });
  await pg.connect();
  march = await createTicket(c, { title: '三月的路灯不亮' });
  expect((await c.dispatcher.post(`/tickets/${march.id}/dispatch`, { unitId: c.cgjUnitId })).status).toBe(
    200,
  );
  now = APRIL;
  expect((await c.handler.post(`/tickets/${march.id}/sign`, {})).status).toBe(200);
  april = await createTicket(c, { title: '四月的井盖缺失' });
  expect((await c.dispatcher.post(`/tickets/${april.id}/dispatch`, { unitId: c.cgjUnitId })).status).toBe(
    200,
  );
}, 60_000);

afterAll(async () => {
  await pg?.end();
  await s?.stop();
});

describe('the migration', () => {
  test('partitions ticket_events and audit_log by range on their time, keys including it', async () => {
    const parts = await rows(`
      select c.relname, p.partstrat, a.attname as key,
        (select array_agg(k.attname::text order by k.attnum) from pg_constraint x
           join pg_attribute k on k.attrelid = x.conrelid and k.attnum = any(x.conkey)
         where x.conrelid = c.oid and x.contype = 'p') as pk
      from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
      join pg_attribute a on a.attrelid = p.partrelid and a.attnum = p.partattrs[0]
      order by c.relname`);
    expect(parts).toEqual([
      { relname: 'audit_log', partstrat: 'r', key: 'at', pk: ['id', 'at'] },
      { relname: 'ticket_events', partstrat: 'r', key: 'created_at', pk: ['id', 'created_at'] },
    ]);
  });

  test('keeps every index (partitioned), the foreign key, the id sequence and a DEFAULT partition', async () => {
    const indexes = await rows<{ relname: string; relkind: string }>(
      `select i.relname, i.relkind from pg_index x join pg_class i on i.oid = x.indexrelid
       where x.indrelid in ('ticket_events'::regclass, 'audit_log'::regclass) order by i.relname`,
    );
    expect(indexes.map((i) => i.relname)).toEqual([
      'audit_log_action_idx',
      'audit_log_actor_idx',
      'audit_log_at_idx',
      'audit_log_id_at_pk',
      'audit_log_subject_idx',
      'audit_log_ticket_no_idx',
      'ticket_events_id_created_at_pk',
      'ticket_events_kpi_unit_idx',
      'ticket_events_ticket_idx',
      'ticket_events_type_created_idx',
      'ticket_events_xid_idx',
    ]);
    expect(new Set(indexes.map((i) => i.relkind))).toEqual(new Set(['I']));
    const [fk] = await rows(
      `select confrelid::regclass::text as target from pg_constraint
       where conrelid = 'ticket_events'::regclass and contype = 'f'`,
    );
    expect(fk).toEqual({ target: 'tickets' });
    const [seq] = await rows(`select pg_get_serial_sequence('ticket_events', 'id') as seq`);
    expect(seq).toEqual({ seq: 'public.ticket_events_id_seq' });
    const defaults = await rows(
      `select c.relname from pg_class c where c.relpartbound is not null
         and pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' order by 1`,
    );
    expect(defaults).toEqual([{ relname: 'audit_log_default' }, { relname: 'ticket_events_default' }]);
  });

  test('leaves the tables with a unique key without the time unpartitioned', async () => {
    const kinds = await rows(
      `select relname, relkind from pg_class
       where relname in ('inbound_messages', 'call_records', 'conversation_messages', 'outbox') order by 1`,
    );
    expect(kinds.map((k) => k.relkind)).toEqual(['r', 'r', 'r', 'r']);
  });
});

describe('writing events', () => {
  test("each event lands in its China-time month's partition; the ids keep counting", async () => {
    expect(await eventPartitions(march.id)).toEqual([
      { type: 'ticket.created', part: 'ticket_events_p2026_03' },
      { type: 'ticket.dispatched', part: 'ticket_events_p2026_03' },
      { type: 'ticket.signed', part: 'ticket_events_p2026_04' },
    ]);
    expect(await eventPartitions(april.id)).toEqual([
      { type: 'ticket.created', part: 'ticket_events_p2026_04' },
      { type: 'ticket.dispatched', part: 'ticket_events_p2026_04' },
    ]);
    // 2026-03-31 23:30 in Changzhou is still March there (15:30 UTC).
    const [late] = await rows<{ part: string }>(
      `insert into ticket_events (ticket_id, type, created_at) values ($1, 'ticket.chased', '2026-03-31T15:30:00Z')
       returning tableoid::regclass::text as part`,
      [march.id],
    );
    expect(late!.part).toBe('ticket_events_p2026_03');
    const ids = await rows<{ id: string }>(`select id from ticket_events order by id`);
    expect(new Set(ids.map((r) => r.id)).size).toBe(ids.length);
  });

  test('the timeline still lists every event of a ticket, across months', async () => {
    const res = await c.agent.get(`/tickets/${march.id}/timeline`);
    expect(res.status).toBe(200);
    expect((res.body.items as { type: string }[]).map((e) => e.type)).toEqual([
      'ticket.created',
      'ticket.dispatched',
      'ticket.signed',
      'ticket.chased',
    ]);
  });

  test('a row of a month without a partition lands in DEFAULT and moves when its month is created', async () => {
    const [ev] = await rows<{ id: string; part: string }>(
      `insert into ticket_events (ticket_id, type, created_at) values ($1, 'test.future', '2031-05-10T02:00:00Z')
       returning id::text, tableoid::regclass::text as part`,
      [april.id],
    );
    const [later] = await rows<{ part: string }>(
      `insert into ticket_events (ticket_id, type, created_at) values ($1, 'test.later', '2032-01-10T02:00:00Z')
       returning tableoid::regclass::text as part`,
      [april.id],
    );
    const [audit] = await rows<{ id: string; part: string }>(
      `insert into audit_log (at, actor_username, actor_role, action, subject_type, subject_id)
       values ('2031-05-11T02:00:00Z', 'admin', 'admin', 'test.future', 'ticket', $1)
       returning id::text, tableoid::regclass::text as part`,
      [april.id],
    );
    expect([ev!.part, later!.part, audit!.part]).toEqual([
      'ticket_events_default',
      'ticket_events_default',
      'audit_log_default',
    ]);

    const created = await ensureMonthPartitions(s.ctx.db, {
      from: new Date('2031-05-01T00:00:00Z'),
      to: new Date('2031-05-20T00:00:00Z'),
    });
    expect(created).toBe(2);
    const [moved] = await rows(`select tableoid::regclass::text as part from ticket_events where id = $1`, [
      ev!.id,
    ]);
    expect(moved).toEqual({ part: 'ticket_events_p2031_05' });
    const [movedAudit] = await rows(`select tableoid::regclass::text as part from audit_log where id = $1`, [
      audit!.id,
    ]);
    expect(movedAudit).toEqual({ part: 'audit_log_p2031_05' });
    // The other month's row waits in the (new) DEFAULT partition; nothing was lost or doubled.
    expect(await rows(`select type from ticket_events_default`)).toEqual([{ type: 'test.later' }]);
    expect(await rows(`select count(*)::int as n from audit_log_default`)).toEqual([{ n: 0 }]);
    // The new DEFAULT partition guards TRUNCATE like the old one.
    await expect(pg.query(`truncate audit_log_default`)).rejects.toThrow(/append-only/);
  });
});

describe('upkeep', () => {
  test('creates this month through three ahead, once, with several processes at it at once', async () => {
    // Rows already waiting in DEFAULT for one of the months: moved exactly once.
    await pg.query(
      `insert into ticket_events (ticket_id, type, created_at)
       select $1, 'test.waiting', '2029-02-03T02:00:00Z'::timestamptz + make_interval(mins => g) from generate_series(1, 50) g`,
      [april.id],
    );
    const pools = Array.from({ length: 4 }, () => createDb(s.dbUrl, { max: 2 }).pool);
    try {
      const runs = await Promise.all(
        pools.flatMap((pool) => [
          maintainPartitions(pool, new Date('2029-01-15T02:00:00Z')),
          maintainPartitions(pool, new Date('2029-01-15T02:00:00Z')),
        ]),
      );
      // 2029-01 … 2029-04 for two tables, created by whichever run got there first.
      expect(runs.reduce((n, r) => n + r.created, 0)).toBe(8);
      expect((await maintainPartitions(pools[0]!, new Date('2029-01-15T02:00:00Z'))).created).toBe(0);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    const parts = await rows<{ relname: string }>(
      `select relname from pg_class where relkind = 'r' and relname ~ '^(ticket_events|audit_log)_p2029_' order by 1`,
    );
    expect(parts.map((p) => p.relname)).toEqual([
      'audit_log_p2029_01',
      'audit_log_p2029_02',
      'audit_log_p2029_03',
      'audit_log_p2029_04',
      'ticket_events_p2029_01',
      'ticket_events_p2029_02',
      'ticket_events_p2029_03',
      'ticket_events_p2029_04',
    ]);
    expect(
      await rows(
        `select tableoid::regclass::text as part, count(*)::int as n from ticket_events where type = 'test.waiting' group by 1`,
      ),
    ).toEqual([{ part: 'ticket_events_p2029_02', n: 50 }]);
  });
});

describe('queries read only the months they need', () => {
  test("a ticket's timeline does not read the months before the ticket", async () => {
    const ticket = { id: april.id, createdAt: APRIL };
    const res = await s.ctx.db.execute(sql`explain (costs off, format json) ${timelineSql(ticket)}`);
    const plan = (res.rows[0] as { 'QUERY PLAN': [{ Plan: TPlanNode }] })['QUERY PLAN'][0].Plan;
    const read = eventPartitionsRead(plan, 'e');
    expect(read).toContain('ticket_events_p2026_04');
    expect(read).toContain('ticket_events_p2026_05');
    // March exists and holds events, but no event of an April ticket can be there.
    expect(read.filter((r) => r.startsWith('ticket_events_p') && r < 'ticket_events_p2026_04')).toEqual([]);
  });

  test("a KPI drill-down's facts read only the month asked for, and the filing events of the tickets' own months", async () => {
    const from = '2026-04-01T00:00:00+08:00';
    const to = '2026-05-01T00:00:00+08:00';
    const facts = unitFactsSql(
      sql`e.created_at >= ${from}::timestamptz and e.created_at < ${to}::timestamptz and e.ticket_id = ${april.id}`,
    );
    const res = await s.ctx.db.execute(
      sql`explain (analyze, costs off, timing off, summary off, format json) select * from (${facts}) f`,
    );
    const plan = (res.rows[0] as { 'QUERY PLAN': [{ Plan: TPlanNode }] })['QUERY PLAN'][0].Plan;
    // The range is decided when planning: no other month (nor DEFAULT) is even in the plan for `e`…
    expect(eventPartitionsRead(plan, 'e')).toEqual(['ticket_events_p2026_04']);
    // …and the per-event lookup of the filing event (`c`) is pruned as it runs.
    expect(eventPartitionsRead(plan, 'c', true)).toEqual(['ticket_events_p2026_04']);
    // The same facts as without any bound.
    const bounded = await s.ctx.db.execute(facts);
    expect(bounded.rows).toEqual([
      // The same caller filed the March ticket: the filing event's facts were found.
      expect.objectContaining({ ticket_id: april.id, received: 1, repeat_received: 1 }),
    ]);
  });
});

describe('audit_log stays append-only', () => {
  test('UPDATE, DELETE and TRUNCATE are refused, on the table and on a partition', async () => {
    const [row] = await rows<{ part: string }>(
      `insert into audit_log (actor_username, actor_role, action, subject_type, subject_id)
       values ('admin', 'admin', 'test.append_only', 'ticket', 'x') returning tableoid::regclass::text as part`,
    );
    expect(row!.part).toMatch(/^audit_log_p\d{4}_\d{2}$/);
    await expect(pg.query(`update audit_log set actor_username = 'nobody'`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`truncate audit_log`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`update ${row!.part} set actor_username = 'nobody'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(pg.query(`delete from ${row!.part}`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`truncate ${row!.part}`)).rejects.toThrow(/append-only/);
    expect(await rows(`select count(*)::int as n from audit_log where action = 'test.append_only'`)).toEqual([
      { n: 1 },
    ]);
  });
});

import { createPiiCipher } from '../src/infra/crypto';
import { createDb } from '../src/infra/db/client';
import { seedDemoHistory, type TDemoHistoryResult } from '../src/modules/seed/demo-history';
import { createTestDatabase, dropTestDatabase } from './support/db';

const pii = createPiiCipher(undefined, false);
const now = new Date();
let url: string;
let db: ReturnType<typeof createDb>;
let result: TDemoHistoryResult;
let seconds: number;

const rows = async <T>(text: string, params: unknown[] = []) =>
  (await db.pool.query(text, params)).rows as T[];

beforeAll(async () => {
  url = await createTestDatabase('demo_history');
  db = createDb(url, { max: 2 });
  const started = Date.now();
  result = await seedDemoHistory(db.db, pii, { now });
  seconds = (Date.now() - started) / 1000;
}, 60_000);
afterAll(async () => {
  await db?.pool.end();
  if (url) await dropTestDatabase(url);
});

describe('the demo history', () => {
  test('about 2,000 handled tickets in under 15 s, plus the open ones of the last week', async () => {
    expect(seconds).toBeLessThan(15);
    const [handled] = await rows<{ n: number }>(
      `select count(*)::int as n from tickets where status in ('closed', 'resolved')`,
    );
    expect(handled!.n).toBe(2000);
    const [all] = await rows<{ n: number }>(`select count(*)::int as n from tickets`);
    expect(all!.n).toBe(result.tickets);
    const [resolved] = await rows<{ n: number }>(
      `select count(*)::int as n from tickets where status = 'resolved'`,
    );
    expect(resolved!.n).toBeGreaterThan(0);
    expect(resolved!.n).toBeLessThan(300);
  });

  test('every leaf category is covered', async () => {
    const missing = await rows<{ name: string }>(`
      select c.name from categories c where c.is_leaf and c.parent_id is not null
        and not exists (select 1 from tickets t where t.category_id = c.id and t.status = 'closed')`);
    expect(missing).toEqual([]);
  });

  test('each handled ticket was replied to by its lead unit and lived through the whole process', async () => {
    const lead = await rows<{ n: number }>(`
      select count(*)::int as n from tickets t where t.status in ('closed', 'resolved') and not exists (
        select 1 from assignments a where a.ticket_id = t.id and a.role = 'lead' and a.status = 'done'
          and a.replied_at is not null and a.reply_content <> '' and a.unit_id = t.lead_unit_id)`);
    expect(lead[0]!.n).toBe(0);
    const timelines = await rows<{ types: string[]; ordered: boolean; past: boolean }>(
      `
      select array_agg(e.type order by e.id) as types,
        bool_and(e.created_at >= coalesce(prev, e.created_at)) as ordered,
        bool_and(e.created_at <= $1) as past
      from (select e.*, lag(e.created_at) over (partition by e.ticket_id order by e.id) as prev
            from ticket_events e) e
      join tickets t on t.id = e.ticket_id where t.status = 'closed' group by e.ticket_id`,
      [now],
    );
    expect(timelines).toHaveLength(
      2000 - (await rows(`select 1 from tickets where status = 'resolved'`)).length,
    );
    for (const t of timelines) {
      expect(t.types.filter((x) => x !== 'ticket.subdispatched')).toEqual([
        'ticket.created',
        'ticket.dispatched',
        'ticket.signed',
        'ticket.replied',
        'ticket.reply_approved',
        'ticket.callback_recorded',
        'ticket.closed',
      ]);
      expect(t).toMatchObject({ ordered: true, past: true });
    }
    // some neighbourhood matters went down to a street through the district branch (二级派单)
    const [twoLevel] = await rows<{ n: number }>(
      `select count(*)::int as n from assignments where status = 'forwarded' and forwarded_at is not null`,
    );
    expect(twoLevel!.n).toBeGreaterThan(50);
    // clocks: mostly met on time, a few breached
    const [clocks] = await rows<{ met: number; breached: number }>(`
      select count(*) filter (where status = 'met')::int as met,
             count(*) filter (where breached_at is not null)::int as breached from ticket_deadlines`);
    expect(clocks!.breached).toBeGreaterThan(0);
    expect(clocks!.breached / clocks!.met).toBeLessThan(0.05);
  });

  test("ticket numbers come from each day's sequence, which continues past them", async () => {
    const days = await rows<{ day: string; highest: number; last: number | null }>(`
      select t.day, t.highest, s.last_value::int as last
      from (select left(no, 8) as day, max(substr(no, 9)::bigint)::int as highest from tickets group by 1) t
      left join pg_sequences s on s.sequencename = 'ticket_no_' || t.day`);
    expect(days.length).toBeGreaterThan(30);
    for (const d of days)
      expect({ day: d.day, behind: (d.last ?? 0) < d.highest }).toEqual({ day: d.day, behind: false });
  });

  test('phone numbers and names are stored only encrypted', async () => {
    const citizens = await rows<Record<string, string | null>>(`select * from citizens`);
    expect(citizens.length).toBeGreaterThan(1000);
    const stored = JSON.stringify([
      citizens,
      await rows(`select * from tickets`),
      await rows(`select * from ticket_events`),
    ]);
    // every 11-digit window of every run of digits in what is stored in clear
    const digitRuns = new Set(
      (stored.match(/\d{11,}/g) ?? []).flatMap((run) =>
        Array.from({ length: run.length - 10 }, (_, i) => run.slice(i, i + 11)),
      ),
    );
    for (const c of citizens) {
      const phone = pii.decrypt(c.phone_enc!);
      expect(phone).toMatch(/^1[3-9]\d{9}$/);
      expect(digitRuns.has(phone)).toBe(false);
      expect(c.phone_hash).toBe(pii.hash(phone));
      expect(c.phone_masked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      expect(pii.decrypt(c.name_enc!)).toMatch(/^\p{Script=Han}{2,3}$/u);
    }
  });

  test('planted duplicates: recent, open, with near misses beside them', async () => {
    expect(result.planted).toHaveLength(60);
    expect(result.nearMisses).toHaveLength(60);
    const byNo = new Map(
      (
        await rows<{ no: string; status: string; created_at: Date; citizen_id: string | null }>(
          `select no, status, created_at, citizen_id from tickets`,
        )
      ).map((t) => [t.no, t]),
    );
    const weekAgo = now.getTime() - 7 * 86_400_000;
    for (const p of result.planted) {
      const child = byNo.get(p.childNo)!;
      const parent = byNo.get(p.parentNo)!;
      expect(child.status).toBe('registered');
      expect(['dispatched', 'in_progress']).toContain(parent.status);
      expect(parent.created_at.getTime()).toBeGreaterThan(weekAgo);
      expect(child.created_at.getTime()).toBeGreaterThan(parent.created_at.getTime());
      if (p.kind === 'same_caller') expect(child.citizen_id).toBe(parent.citizen_id);
      else expect(child.citizen_id).not.toBe(parent.citizen_id);
    }
  });

  test('a second run changes nothing and reports the same ground truth', async () => {
    const before = await rows<{ n: number }>(`select count(*)::int as n from tickets`);
    const again = await seedDemoHistory(db.db, pii, { now });
    expect(again.tickets).toBe(0);
    expect(again.planted).toEqual(result.planted);
    expect(again.nearMisses).toEqual(result.nearMisses);
    expect(await rows(`select count(*)::int as n from tickets`)).toEqual(before);
  });

  test('the same seed gives the same history', async () => {
    const other = await createTestDatabase('demo_history_twin');
    const twin = createDb(other, { max: 1 });
    try {
      await seedDemoHistory(twin.db, pii, { now, count: 2000 });
      // unit codes, not ids: each test database gets its reference data from the template of its run
      const q = `select t.id, t.no, t.title, t.description, u.code from tickets t
        left join units u on u.id = t.lead_unit_id order by t.id`;
      expect((await twin.pool.query(q)).rows).toEqual(await rows(q));
    } finally {
      await twin.pool.end();
      await dropTestDatabase(other);
    }
  }, 60_000);
});

/**
 * Ticket numbers: YYYYMMDD + at least six digits from the China day's own sequence (migration
 * 0011), so concurrent filings never wait on one another for a number.
 */
import { Pool } from 'pg';
import { signInCast, createTicket, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
let pool: Pool;
let now = new Date('2026-05-11T02:00:00.000Z'); // Monday 10:00 in China
const clock = () => now;

beforeAll(async () => {
  s = await startTestServer('ticket_numbers', { clock });
  c = await signInCast(s);
  pool = new Pool({ connectionString: s.dbUrl, max: 8 });
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await s?.stop();
});

const seqOf = (no: string) => Number(no.slice(8));

describe('ticket numbers', () => {
  test('filings at once get distinct numbers of their China day, 1 … n without gaps when all succeed', async () => {
    const made = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        createTicket(c, { citizen: { phone: `1391000${String(i).padStart(4, '0')}` } }),
      ),
    );
    const numbers = made.map((t) => t.no);
    for (const no of numbers) expect(no).toMatch(/^20260511\d{6}$/);
    expect(numbers.map(seqOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  test('a new China day starts again at 000001 (16:00 UTC is midnight in China)', async () => {
    now = new Date('2026-05-11T15:59:59.000Z');
    expect((await createTicket(c)).no).toBe('20260511000031');
    now = new Date('2026-05-11T16:00:00.000Z');
    expect((await createTicket(c)).no).toBe('20260512000001');
    expect((await createTicket(c)).no).toBe('20260512000002');
  });

  test("a day's sequence lost (a database restored without it) is made again after the day's highest number", async () => {
    await pool.query('drop sequence ticket_no_20260512');
    // This server process still believes the sequence exists: the filing fails once, remakes it, succeeds.
    expect((await createTicket(c)).no).toBe('20260512000003');
    expect((await createTicket(c)).no).toBe('20260512000004');
  });

  test('several processes making the same day’s sequence at once all succeed, and share it', async () => {
    const made = await Promise.all(
      Array.from({ length: 8 }, () =>
        pool.query<{ seq: string }>(`select ticket_no_sequence('20300101')::text as seq`),
      ),
    );
    expect(new Set(made.map((r) => r.rows[0]!.seq))).toEqual(new Set(['ticket_no_20300101']));
    const taken = await Promise.all(
      Array.from({ length: 8 }, () =>
        pool.query<{ n: string }>(`select nextval(ticket_no_sequence('20300101')) as n`),
      ),
    );
    expect(taken.map((r) => Number(r.rows[0]!.n)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('a day that is not YYYYMMDD is refused (no sequence named from input)', async () => {
    await expect(pool.query(`select ticket_no_sequence('2030; drop table tickets')`)).rejects.toThrow(
      /day must be YYYYMMDD/,
    );
  });

  test('a millionth ticket of the day keeps all its digits', async () => {
    await pool.query(`select setval(ticket_no_sequence('20260512'), 999999)`);
    expect((await createTicket(c)).no).toBe('202605121000000');
  });
});

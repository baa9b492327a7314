/**
 * A dispatch writes its ticket's row once (migration 0013): the assignments' audience trigger
 * leaves the ticket to the action's own update, which sets the audience with the status, lead
 * unit and deadline. A second version of the row would update all its indexes again and make the
 * action's update re-check every foreign key of the row.
 */
import { signInCast, createTicket, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
const now = new Date('2026-06-08T02:00:00.000Z'); // Monday 10:00 in China
const q = async <T>(text: string, params: unknown[] = []) =>
  (await s.ctx.pool.query(text, params)).rows as T[];

beforeAll(async () => {
  s = await startTestServer('ticket_writes', { clock: () => now });
  c = await signInCast(s);
  // Counts every write of a ticket row, per ticket and transaction.
  await q(`create table ticket_row_writes (ticket_id uuid, txid bigint)`);
  await q(`create function count_ticket_row_write() returns trigger language plpgsql as $$
    begin insert into ticket_row_writes values (new.id, txid_current()); return null; end $$`);
  await q(`create trigger count_ticket_row_write after update on tickets
    for each row execute function count_ticket_row_write()`);
}, 60_000);
afterAll(async () => s?.stop());

const writesOf = async (ticketId: string) =>
  (
    await q<{ n: number }>(
      `select count(*)::int as n from ticket_row_writes where ticket_id = $1 group by txid order by txid`,
      [ticketId],
    )
  ).map((r) => r.n);
const audienceOf = async (ticketId: string) =>
  (
    await q<{ stored: string[]; derived: string[] }>(
      `select audience_unit_ids::text[] as stored, ticket_audience(id)::text[] as derived from tickets where id = $1`,
      [ticketId],
    )
  )[0]!;

describe('the ticket row, written once per action', () => {
  test('a dispatch to a lead and an assisting unit writes the row once, audience included', async () => {
    const [zjj] = await q<{ id: string }>(`select id from units where code = 'zjj'`);
    const t = await createTicket(c);
    await q(`delete from ticket_row_writes`);
    const res = await c.dispatcher.post(`/tickets/${t.id}/dispatch`, {
      unitId: c.cgjUnitId,
      assistingUnitIds: [zjj!.id],
    });
    expect(res.status).toBe(200);
    expect(await writesOf(t.id)).toEqual([1]);
    const { stored, derived } = await audienceOf(t.id);
    expect(stored).toEqual(derived);
    expect(stored).toEqual(expect.arrayContaining([c.cgjUnitId, zjj!.id]));
    // the units see it: the audience is what their lists read
    const inbox = await c.handler.get(`/tickets?open=true&limit=100`);
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(t.id);
  });

  test('assignments changed outside an action still move the audience (the trigger)', async () => {
    const [zjj] = await q<{ id: string }>(`select id from units where code = 'zjj'`);
    const t = await createTicket(c);
    expect((await c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId })).status).toBe(200);
    expect((await audienceOf(t.id)).stored).not.toContain(zjj!.id);
    await q(
      `insert into assignments (ticket_id, unit_id, role, status, dispatched_at) values ($1, $2, 'assist', 'pending', now())`,
      [t.id, zjj!.id],
    );
    const { stored, derived } = await audienceOf(t.id);
    expect(stored).toEqual(derived);
    expect(stored).toContain(zjj!.id);
  });

  test('the deferral ends with its transaction: a later one on the same connection is not skipped', async () => {
    const [zjj] = await q<{ id: string }>(`select id from units where code = 'zjj'`);
    const t = await createTicket(c);
    expect((await c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId })).status).toBe(200);
    const client = await s.ctx.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('hotline.audience_by_action', $1, true)`, [t.id]);
      await client.query('commit');
      await client.query(
        `insert into assignments (ticket_id, unit_id, role, status, dispatched_at) values ($1, $2, 'assist', 'pending', now())`,
        [t.id, zjj!.id],
      );
    } finally {
      client.release();
    }
    expect((await audienceOf(t.id)).stored).toContain(zjj!.id);
  });
});

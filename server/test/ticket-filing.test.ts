/**
 * Filing a ticket is one statement (create-ticket.ts): the citizen, the facts the KPIs fix at
 * filing, the ticket, its event, its outbox row. What it writes, and that a refused filing writes
 * nothing.
 */
import { randomUUID } from 'node:crypto';
import { signInCast, createTicket, postTicket, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
let now = new Date('2026-06-08T02:00:00.000Z'); // Monday 10:00 in China
const clock = () => now;
const q = async <T>(text: string, params: unknown[] = []) =>
  (await s.ctx.pool.query(text, params)).rows as T[];

beforeAll(async () => {
  s = await startTestServer('ticket_filing', { clock });
  c = await signInCast(s);
}, 60_000);
afterAll(async () => s?.stop());

const filed = async (ticketId: string) =>
  (
    await q<{ payload: Record<string, unknown>; actor_role: string; to_status: string }>(
      `select payload, actor_role, to_status from ticket_events where ticket_id = $1 and type = 'ticket.created'`,
      [ticketId],
    )
  )[0]!;

describe('filing a ticket', () => {
  test('an unknown category or district is a 422 naming the field, and writes nothing (not even the caller)', async () => {
    const rows = async () =>
      (
        await q<{ n: number }>(
          `select (select count(*) from tickets)::int + (select count(*) from citizens)::int + (select count(*) from outbox)::int as n`,
        )
      )[0]!.n;
    const before = await rows();
    for (const field of ['categoryId', 'districtId']) {
      const res = await postTicket(c, { [field]: randomUUID(), citizen: { phone: '13655550001' } });
      expect(res.status).toBe(422);
      expect(res.body.error.details.fields).toEqual({ [field]: ['unknown'] });
    }
    expect(await rows()).toBe(before);
  });

  test('the event and its outbox row: who filed, the number, the event id, no audience yet', async () => {
    const t = await createTicket(c, { citizen: { phone: '13655550002', name: '吴先生' } });
    const [row] = await q<{
      payload: { message: Record<string, unknown>; confidential: boolean; deadlines: unknown[] };
    }>(`select payload from outbox where aggregate_id = $1 and topic = 'ticket.created'`, [t.id]);
    const [event] = await q<{ id: string }>(`select id::text from ticket_events where ticket_id = $1`, [
      t.id,
    ]);
    expect(row!.payload).toEqual({
      message: {
        type: 'ticket.created',
        ticketId: t.id,
        ticketNo: t.no,
        status: 'registered',
        version: t.version,
        eventId: event!.id,
        at: now.toISOString(),
        actorName: expect.any(String),
        unitIds: [],
      },
      confidential: false,
      deadlines: [],
    });
    expect(await filed(t.id)).toMatchObject({ actor_role: 'agent', to_status: 'registered' });
  });

  test('重复来电: the same caller within 30 days is a repeat call; after 30 days it is not', async () => {
    const first = await createTicket(c, { citizen: { phone: '13655550003' } });
    now = new Date(now.getTime() + 29 * 86_400_000);
    const second = await createTicket(c, { citizen: { phone: '13655550003' } });
    now = new Date(now.getTime() + 31 * 86_400_000);
    const third = await createTicket(c, { citizen: { phone: '13655550003' } });
    expect((await filed(first.id)).payload.repeatCaller).toBe(false);
    expect((await filed(second.id)).payload.repeatCaller).toBe(true);
    expect((await filed(third.id)).payload.repeatCaller).toBe(false);
    // one citizen for the three filings
    const citizens = await q(`select distinct citizen_id from tickets where id = any($1::uuid[])`, [
      [first.id, second.id, third.id],
    ]);
    expect(citizens).toHaveLength(1);
  });

  test('timely unless the linked call was answered more than 30 minutes before; complete only with every field', async () => {
    const call = async (callId: string, minutesAgo: number) =>
      s.ctx.pool.query(`insert into call_records (call_id, answered_at) values ($1, $2)`, [
        callId,
        new Date(now.getTime() - minutesAgo * 60_000),
      ]);
    await call('call-late', 45);
    await call('call-soon', 10);
    const late = await createTicket(c, { callId: 'call-late' });
    const soon = await createTicket(c, { callId: 'call-soon' });
    const unknownCall = await createTicket(c, { callId: 'call-not-recorded' });
    expect((await filed(late.id)).payload).toMatchObject({ timely: false, complete: false });
    expect((await filed(soon.id)).payload.timely).toBe(true);
    expect((await filed(unknownCall.id)).payload.timely).toBe(true);

    const [category] = await q<{ id: string }>(`select id from categories where is_leaf and active limit 1`);
    const [district] = await q<{ id: string }>(`select id from units where kind = 'district' limit 1`);
    const whole = await createTicket(c, {
      categoryId: category!.id,
      districtId: district!.id,
      address: '人民路 1 号',
      citizen: { phone: '13655550004' },
    });
    expect((await filed(whole.id)).payload).toMatchObject({
      complete: true,
      repeatCaller: false,
      timely: true,
    });
    const anonymous = await createTicket(c, {
      categoryId: category!.id,
      districtId: district!.id,
      address: '人民路 1 号',
      citizen: { anonymous: true },
    });
    expect((await filed(anonymous.id)).payload.complete).toBe(false);
    expect(
      (await q(`select citizen_id from tickets where id = $1 and citizen_id is null`, [anonymous.id])).length,
    ).toBe(1);
  });

  test('a caller known only by ID number is found again by it, and the number is stored only encrypted', async () => {
    const a = await createTicket(c, { citizen: { idNumber: '320402199001011239', name: '郑先生' } });
    const b = await createTicket(c, { citizen: { idNumber: '320402199001011239' } });
    const rows = await q<{ citizen_id: string; id_number_enc: string; id_number_masked: string }>(
      `select t.citizen_id, ci.id_number_enc, ci.id_number_masked from tickets t join citizens ci on ci.id = t.citizen_id
       where t.id = any($1::uuid[])`,
      [[a.id, b.id]],
    );
    expect(new Set(rows.map((r) => r.citizen_id)).size).toBe(1);
    expect(rows[0]!.id_number_enc).not.toContain('320402199001011239');
    expect(s.ctx.pii.decrypt(rows[0]!.id_number_enc)).toBe('320402199001011239');
    expect((await filed(b.id)).payload.repeatCaller).toBe(true);
  });

  test('a retried filing with a used key writes no second event or outbox row', async () => {
    const body = { idempotencyKey: `retry-${randomUUID()}`, citizen: { phone: '13655550005' } };
    const first = await createTicket(c, body);
    const again = await postTicket(c, body);
    expect(again.status).toBe(200);
    expect(again.body.ticket.id).toBe(first.id);
    expect(await q(`select 1 from ticket_events where ticket_id = $1`, [first.id])).toHaveLength(1);
    expect(await q(`select 1 from outbox where aggregate_id = $1`, [first.id])).toHaveLength(1);
  });
});

describe('the answer to a filing', () => {
  test('is the ticket as its detail shows it to the one who filed it (read by the filing statement itself)', async () => {
    const [category] = await q<{ id: string }>(`select id from categories where is_leaf and active limit 1`);
    const [district] = await q<{ id: string }>(`select id from units where kind = 'district' limit 1`);
    const bodies = [
      {
        citizen: { phone: '13655550010', name: '冯女士' },
        categoryId: category!.id,
        districtId: district!.id,
      },
      { citizen: { phone: '13655550010' } }, // the same caller again, no name given: the stored name stays
      { citizen: { idNumber: '320402199001011239', name: '郑先生' }, address: '和平路 8 号' },
      { citizen: { anonymous: true } },
      { line: '12388', type: 'report', citizen: { phone: '13655550011', name: '匿名' } },
    ];
    for (const body of bodies) {
      const res = await postTicket(c, body);
      expect(res.status).toBe(201);
      const shown = await c.agent.get(`/tickets/${res.body.ticket.id}`);
      expect(res.body.ticket).toEqual(shown.body.ticket);
    }
  });
});

/**
 * A lifecycle action keeps the SLA policies and the units it reads per reference version, read in
 * the statement that locks the ticket (migrations 0009, 0012): a change to either applies to the
 * very next action, in this process and in any other.
 */
import { signInCast, createTicket, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
const now = new Date('2026-06-08T02:00:00.000Z'); // Monday 10:00 in China
const q = async <T>(text: string, params: unknown[] = []) =>
  (await s.ctx.pool.query(text, params)).rows as T[];

beforeAll(async () => {
  s = await startTestServer('action_reference_reads', { clock: () => now });
  c = await signInCast(s);
}, 60_000);
afterAll(async () => s?.stop());

const dispatch = (ticketId: string, unitId: string) =>
  c.dispatcher.post(`/tickets/${ticketId}/dispatch`, { unitId });
const signDue = async (ticketId: string) =>
  (
    await q<{ due_at: Date }>(
      `select due_at from ticket_deadlines where ticket_id = $1 and kind = 'sign' and status = 'active'`,
      [ticketId],
    )
  )[0]!.due_at.getTime();

describe('reference data read by actions', () => {
  test('a changed SLA policy applies to the next dispatch', async () => {
    const before = await createTicket(c);
    expect((await dispatch(before.id, c.cgjUnitId)).status).toBe(200);
    await q(`update sla_policies set sign_amount = sign_amount + 3`);
    const after = await createTicket(c);
    expect((await dispatch(after.id, c.cgjUnitId)).status).toBe(200);
    expect(await signDue(after.id)).toBeGreaterThan(await signDue(before.id));
  });

  test('a unit made inactive cannot be dispatched to from the next action on', async () => {
    const [zjj] = await q<{ id: string }>(`select id from units where code = 'zjj'`);
    const first = await createTicket(c);
    expect((await dispatch(first.id, zjj!.id)).status).toBe(200);
    await q(`update units set active = false where id = $1`, [zjj!.id]);
    const second = await createTicket(c);
    const refused = await dispatch(second.id, zjj!.id);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual({ unitIds: [zjj!.id] });
    await q(`update units set active = true where id = $1`, [zjj!.id]);
    expect((await dispatch(second.id, zjj!.id)).status).toBe(200);
  });
});

import { TICKET_ACTIONS, TICKET_STATUSES, TICKET_TRANSITIONS, type TTicketStatus } from '@hotline/shared';
import { act, signInCast, ticketInStatus, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
const ticketByStatus = new Map<TTicketStatus, string>();
let parentId: string;

beforeAll(async () => {
  s = await startTestServer('illegal_transitions');
  c = await signInCast(s);
  for (const status of TICKET_STATUSES) ticketByStatus.set(status, await ticketInStatus(c, status));
  parentId = await ticketInStatus(c, 'registered');
}, 120_000);
afterAll(async () => s?.stop());

// Every (action, status) pair the transition table does not allow, driven from the table itself.
const illegal = TICKET_ACTIONS.flatMap((action) =>
  TICKET_STATUSES.filter((status) => !TICKET_TRANSITIONS[action].from.includes(status)).map(
    (status) => [action, status] as const,
  ),
);

describe('illegal transitions over HTTP', () => {
  test.each(illegal)(
    '%s on a %s ticket is refused (409, or 404 where the unit cannot see it) and changes nothing',
    async (action, status) => {
      const id = ticketByStatus.get(status)!;
      const before = await c.supervisor.get(`/tickets/${id}`);
      const res = await act(c, id, action, { parentId });
      // A unit acting on a ticket never sent to it must not learn that the ticket exists.
      const unitCannotSee =
        TICKET_TRANSITIONS[action].side === 'unit' && (await c.handler.get(`/tickets/${id}`)).status === 404;
      expect(res.status).toBe(unitCannotSee ? 404 : 409);
      expect(res.body.error.code).toBe(unitCannotSee ? 'NOT_FOUND' : 'ILLEGAL_TRANSITION');
      expect(res.body.error.message).toEqual(expect.any(String));
      const after = await c.supervisor.get(`/tickets/${id}`);
      expect(after.body.ticket.version).toBe(before.body.ticket.version);
      expect(after.body.timeline).toHaveLength(before.body.timeline.length);
    },
  );

  const wrongRole = TICKET_ACTIONS.map((action) => {
    const t = TICKET_TRANSITIONS[action];
    const role = (['agent', 'dispatcher', 'supervisor', 'unit_handler'] as const).find(
      (r) => !t.roles.includes(r),
    )!;
    return [action, role] as const;
  });
  test.each(wrongRole)('%s by a %s is refused with 403', async (action, role) => {
    const client = {
      agent: c.agent,
      dispatcher: c.dispatcher,
      supervisor: c.supervisor,
      unit_handler: c.handler,
    }[role];
    const id = ticketByStatus.get(TICKET_TRANSITIONS[action].from[0]!)!;
    const res = await client.post(`/tickets/${id}/${action}`, {});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  test('a stale expectedVersion is refused with 409 STALE_VERSION', async () => {
    const id = await ticketInStatus(c, 'registered');
    const res = await c.dispatcher.post(`/tickets/${id}/dispatch`, {
      unitId: c.cgjUnitId,
      expectedVersion: 99,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('STALE_VERSION');
  });

  test('closing before the callback is refused, naming the missing step', async () => {
    const id = await ticketInStatus(c, 'resolved');
    const res = await c.agent.post(`/tickets/${id}/close`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/call the citizen back/i);
  });
});

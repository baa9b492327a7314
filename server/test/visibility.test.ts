import { io as connect, type Socket } from 'socket.io-client';
import { TICKET_ACTIONS } from '@hotline/shared';
import { ROUTE_TABLE } from '../src/infra/http/route-table';
import { bodyFor, createTicket, signInCast, ticketInStatus, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
let outsiders: Record<string, ApiClient>;
let cgjTickets: string[];

beforeAll(async () => {
  s = await startTestServer('visibility');
  c = await signInCast(s);
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  const zjj = units.find((u) => u.code === 'zjj')!;
  for (const [username, role] of [
    ['zjj_handler', 'unit_handler'],
    ['zjj_manager', 'unit_manager'],
  ] as const) {
    const res = await c.admin.post('/users', {
      username,
      displayName: username,
      role,
      unitId: zjj.id,
      password: 'Zjj-password-2026',
    });
    expect(res.status).toBe(201);
  }
  outsiders = {
    zjj_handler: await s.login('zjj_handler', 'Zjj-password-2026'),
    zjj_manager: await s.login('zjj_manager', 'Zjj-password-2026'),
    tn_dispatcher: await s.login('tn_dispatcher'),
    tn_street_handler: await s.login('tn_street_handler'),
  };
  cgjTickets = [];
  for (const status of ['dispatched', 'in_progress', 'replied', 'resolved', 'returned'] as const) {
    cgjTickets.push(await ticketInStatus(c, status));
  }
}, 120_000);
afterAll(async () => s?.stop());

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const ticketRoutes = () => ROUTE_TABLE.filter((r) => r.path.startsWith('/tickets/:id'));

describe('a unit sees only the tickets of its own subtree', () => {
  test('the route table has a detail, a timeline, suggestions, duplicates, links, attachment downloads and uploads, the contact reveal and every lifecycle action', () => {
    expect(ticketRoutes().length).toBe(8 + TICKET_ACTIONS.length);
  });

  test.each(['zjj_handler', 'zjj_manager', 'tn_dispatcher', 'tn_street_handler'])(
    '%s gets 403/404 and no ticket data from every ticket route of another unit’s tickets',
    async (who) => {
      const client = outsiders[who]!;
      for (const id of cgjTickets) {
        for (const r of ticketRoutes()) {
          const path = r.path.replace(':id', id);
          const action = r.path.split('/')[3] as Parameters<typeof bodyFor>[1] | undefined;
          const res =
            r.method === 'get'
              ? await client.get(path)
              : await client.post(
                  path,
                  // a valid upload, so a refusal is about the ticket, never the file
                  r.path.endsWith('/attachments')
                    ? { filename: 'a.png', contentBase64: PNG_1PX }
                    : action
                      ? bodyFor(c, action, { parentId: id })
                      : {},
                );
          expect({ route: `${r.method} ${r.path}`, status: [403, 404].includes(res.status) }).toEqual({
            route: `${r.method} ${r.path}`,
            status: true,
          });
          expect(Object.keys(res.body)).toEqual(['error']);
          expect(JSON.stringify(res.body)).not.toContain(id);
        }
      }
      const list = await client.get('/tickets?limit=200');
      expect(list.status).toBe(200);
      expect(list.body.items.filter((t: { id: string }) => cgjTickets.includes(t.id))).toEqual([]);
      // and nothing changed on the tickets
      for (const id of cgjTickets) {
        const events = (await c.supervisor.get(`/tickets/${id}/timeline`)).body.items;
        expect(events.every((e: { actorName: string }) => !e.actorName?.startsWith('zjj'))).toBe(true);
      }
    },
  );

  test('a district branch sees tickets sent to its streets, the street sees its own, other districts nothing', async () => {
    const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
    const street = units.find((u) => u.code === 'tn_diaozhuang')!;
    const t = await createTicket(c);
    await c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: street.id });
    expect((await outsiders.tn_street_handler!.get(`/tickets/${t.id}`)).status).toBe(200);
    expect((await outsiders.tn_dispatcher!.get(`/tickets/${t.id}`)).status).toBe(200);
    expect((await outsiders.tn_street_handler!.post(`/tickets/${t.id}/sign`, {})).status).toBe(200);
    expect((await outsiders.zjj_handler!.get(`/tickets/${t.id}`)).status).toBe(404);
    expect((await c.handler.get(`/tickets/${t.id}`)).status).toBe(404);
  });

  test('a 12388 report shows hotline staff only that it exists', async () => {
    const t = await createTicket(c, { line: '12388', type: 'report', title: '举报某科长收受礼金' });
    const agent2 = await s.login('agent2');
    const d = await agent2.get(`/tickets/${t.id}`);
    expect(d.status).toBe(200);
    expect(d.body.ticket.title).not.toContain('礼金');
    expect((await c.admin.get(`/tickets/${t.id}`)).body.ticket.title).toBe('举报某科长收受礼金');
  });

  test('a socket cannot join the room of a ticket its user may not see', async () => {
    const socket: Socket = connect(s.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: outsiders.zjj_handler!.cookie },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      const ack = await socket.timeout(2000).emitWithAck('ticket.watch', cgjTickets[0]!);
      expect(ack).toEqual({ ok: false, error: 'NOT_FOUND' });
      const mine = connect(s.url, { transports: ['websocket'], extraHeaders: { cookie: c.handler.cookie } });
      await new Promise<void>((resolve) => mine.on('connect', resolve));
      expect(await mine.timeout(2000).emitWithAck('ticket.watch', cgjTickets[0]!)).toEqual({ ok: true });
      mine.disconnect();
    } finally {
      socket.disconnect();
    }
  });

  test('a socket without a session is refused', async () => {
    const socket = connect(s.url, { transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(err.message).toBe('UNAUTHENTICATED');
    socket.disconnect();
  });
});

describe('lists go by the ticket audience column the assignment triggers keep', () => {
  const listed = async (who: ApiClient, id: string, query = 'open=true&limit=200') =>
    ((await who.get(`/tickets?${query}`)).body.items as { id: string }[]).some((t) => t.id === id);

  test('a street, its district branch and nobody else list a ticket; after a redispatch lists match who may open it', async () => {
    const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
    const street = units.find((u) => u.code === 'tn_diaozhuang')!;
    const t = await createTicket(c);
    await c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: street.id });
    expect(await listed(outsiders.tn_street_handler!, t.id)).toBe(true);
    expect(await listed(outsiders.tn_dispatcher!, t.id)).toBe(true);
    expect(await listed(outsiders.zjj_handler!, t.id)).toBe(false);
    expect(await listed(c.handler, t.id)).toBe(false);

    // The street returns it, the dispatcher sends it to 市城管局: the street's assignment ends.
    expect(
      (await outsiders.tn_street_handler!.post(`/tickets/${t.id}/return`, bodyFor(c, 'return'))).status,
    ).toBe(200);
    const cgj = units.find((u) => u.code === 'cgj')!;
    const redispatch = await c.dispatcher.post(`/tickets/${t.id}/redispatch`, {
      ...bodyFor(c, 'redispatch'),
      unitId: cgj.id,
    });
    expect(redispatch.status).toBe(200);
    expect(await listed(c.handler, t.id)).toBe(true);
    // Whoever may open the ticket lists it, and nobody else (the street keeps its returned assignment).
    for (const who of [c.handler, c.agent, ...Object.values(outsiders)]) {
      const opens = (await who.get(`/tickets/${t.id}`)).status === 200;
      expect(await listed(who, t.id)).toBe(opens);
      expect(await listed(who, t.id, 'limit=200')).toBe(opens);
    }
    expect(await listed(outsiders.zjj_handler!, t.id)).toBe(false);
  });

  test("every ticket's audience column equals what its assignments and the unit tree say", async () => {
    const { rows } = await s.ctx.pool.query(
      `select count(*)::int as tickets,
         count(*) filter (where audience_unit_ids is distinct from ticket_audience(id))::int as wrong,
         count(*) filter (where cardinality(audience_unit_ids) > 0)::int as with_audience
       from tickets`,
    );
    expect(rows[0].tickets).toBeGreaterThan(5);
    expect(rows[0].with_audience).toBeGreaterThan(5);
    expect(rows[0].wrong).toBe(0);
  });
});

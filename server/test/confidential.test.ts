import { io as connect } from 'socket.io-client';
import { ROUTE_TABLE } from '../src/infra/http/route-table';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

// What the citizen said in the 12388 report: none of it may reach an unauthorised user.
const SECRET = {
  title: '举报某局科长收受购物卡',
  description: '该科长多次在审批中收受企业购物卡，金额约两万元',
  address: '机关大院三号楼',
  phone: '13955556666',
  name: '匿名群众甲',
  reply: '经初步核实，已立案审查',
};
const NEEDLES = [
  SECRET.title,
  '购物卡',
  SECRET.description,
  SECRET.address,
  SECRET.phone,
  // the hidden middle digits with a neighbour on each side; a bare '5555' turns up in random UUIDs
  '955556',
  SECRET.name,
  SECRET.reply,
];

let s: TTestServer;
let c: TCast;
let ticketId: string;
let ticketNo: string;
let outsiders: Record<string, ApiClient>;
let jwjw: ApiClient;

beforeAll(async () => {
  s = await startTestServer('confidential');
  c = await signInCast(s);
  const t = await createTicket(c, {
    line: '12388',
    type: 'report',
    title: SECRET.title,
    description: SECRET.description,
    address: SECRET.address,
    citizen: { phone: SECRET.phone, name: SECRET.name },
  });
  ticketId = t.id;
  ticketNo = t.no;
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  const jwjwUnit = units.find((u) => u.code === 'jwjw')!;
  expect((await c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: jwjwUnit.id })).status).toBe(200);
  jwjw = await s.login('jwjw_handler');
  expect((await jwjw.post(`/tickets/${t.id}/sign`, {})).status).toBe(200);
  expect((await jwjw.post(`/tickets/${t.id}/reply`, { content: SECRET.reply })).status).toBe(200);
  outsiders = {
    agent1: c.agent, // registered it, yet may not read it back
    agent2: await s.login('agent2'),
    dispatcher1: c.dispatcher,
    supervisor1: c.supervisor,
    cgj_handler: c.handler,
    tn_dispatcher: await s.login('tn_dispatcher'),
  };
}, 60_000);
afterAll(async () => s?.stop());

function leaks(body: unknown): string[] {
  const text = JSON.stringify(body);
  return NEEDLES.filter((n) => text.includes(n));
}

describe('12388 content never leaves the server to an unauthorised user', () => {
  test.each(['agent1', 'agent2', 'dispatcher1', 'supervisor1', 'cgj_handler', 'tn_dispatcher'])(
    '%s gets nothing of it from any GET route, list, search or filter',
    async (who) => {
      const client = outsiders[who]!;
      const paths = ROUTE_TABLE.filter((r) => r.method === 'get' && !r.path.includes(':')).map((r) => r.path);
      paths.push(
        ...ROUTE_TABLE.filter((r) => r.method === 'get' && r.path.startsWith('/tickets/:id')).map((r) =>
          r.path.replace(':id', ticketId),
        ),
      );
      for (const q of [SECRET.title, '购物卡', SECRET.phone, ticketNo, SECRET.address]) {
        paths.push(
          `/tickets?q=${encodeURIComponent(q)}`,
          `/tickets?line=12388`,
          `/tickets?open=true&sort=due_asc`,
        );
      }
      for (const path of paths) {
        const res = await client.get(path);
        expect({ path, leaks: leaks(res.body) }).toEqual({ path, leaks: [] });
      }
      // searching for its words finds nothing; its number still finds that it exists (hotline staff)
      const byWord = await client.get(`/tickets?q=${encodeURIComponent('购物卡')}`);
      expect((byWord.body.items ?? []).some((t: { id: string }) => t.id === ticketId)).toBe(false);
    },
  );

  test('hotline staff see that the report exists and where it went, not what it says', async () => {
    const d = await c.dispatcher.get(`/tickets/${ticketId}`);
    expect(d.status).toBe(200);
    expect(d.body.ticket).toMatchObject({
      confidential: true,
      line: '12388',
      description: '',
      address: null,
      citizenPhoneMasked: null,
    });
    expect(d.body.ticket.title).toMatch(/保密/);
    expect(d.body.assignments[0]).toMatchObject({ unitName: '市纪委监委', replyContent: null });
    expect(d.body.timeline.map((e: { type: string }) => e.type)).toContain('ticket.replied');
  });

  test('市纪委监委 staff and the named admin read it in full', async () => {
    for (const reader of [jwjw, c.admin]) {
      const d = await reader.get(`/tickets/${ticketId}`);
      expect(d.body.ticket.title).toBe(SECRET.title);
      expect(d.body.ticket.description).toBe(SECRET.description);
    }
    const found = await jwjw.get(`/tickets?q=${encodeURIComponent('购物卡')}`);
    expect(found.body.items.map((t: { id: string }) => t.id)).toContain(ticketId);
  });

  test('socket events about it carry no content, and watching it reveals none', async () => {
    const socket = connect(s.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: outsiders.agent2!.cookie },
    });
    const received: unknown[] = [];
    socket.onAny((_event, ...args) => received.push(args));
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    expect(await socket.timeout(2000).emitWithAck('ticket.watch', ticketId)).toEqual({ ok: true });
    // the server publishes events through the outbox; read what it queued for this ticket
    const rows = await s.ctx.pool.query('select payload from outbox where aggregate_id = $1', [ticketId]);
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) expect(leaks(r.payload)).toEqual([]);
    await c.supervisor.post(`/tickets/${ticketId}/supervise`, { level: 'yellow', note: '加快核查' });
    await new Promise((r) => setTimeout(r, 300));
    expect(leaks(received)).toEqual([]);
    socket.disconnect();
  });
});

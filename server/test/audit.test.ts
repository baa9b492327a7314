import type { TAuditEntry, TCallRingingMessage } from '@hotline/shared';
import { Client } from 'pg';
import { connectSocket, waitUntil } from '../../workers/test/support/worker-harness';
import { CONTACT_REVEAL_LIMIT } from '../src/modules/tickets/ticket-contact.routes';
import { callScript, CTI_ENV, newCallId, postCti, ringing } from './channels/cti.fixtures';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

// The citizen behind the tickets: none of it may reach the audit log.
const PHONE = '13811112222';
const NAME = '李秀英';
const ID_NUMBER = '320402198503150023';
const NEEDLES = [PHONE, '811112', NAME, ID_NUMBER, '19850315'];
const SECRET_TITLE = '举报某街道主任虚报冒领补贴';
const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let s: TTestServer;
let c: TCast;
let ticket: { id: string; no: string };
let confidential: { id: string; no: string };
let jwjw: ApiClient;
let tnDispatcher: ApiClient;
let pg: Client;

async function auditRows(where = 'true', params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const res = await pg.query(`select * from audit_log where ${where} order by at, id`, params);
  return res.rows;
}

function leaks(value: unknown): string[] {
  const text = JSON.stringify(value);
  return NEEDLES.filter((n) => text.includes(n));
}

beforeAll(async () => {
  s = await startTestServer('audit', { env: CTI_ENV });
  c = await signInCast(s);
  pg = new Client({ connectionString: s.dbUrl });
  await pg.connect();
  ticket = await createTicket(c, { citizen: { phone: PHONE, name: NAME, idNumber: ID_NUMBER } });
  confidential = await createTicket(c, {
    line: '12388',
    type: 'report',
    title: SECRET_TITLE,
    description: '该主任多次以亲属名义虚报冒领低保补贴',
    citizen: { phone: '13977778888', name: '匿名群众' },
  });
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  const jwjwUnit = units.find((u) => u.code === 'jwjw')!;
  expect(
    (await c.dispatcher.post(`/tickets/${confidential.id}/dispatch`, { unitId: jwjwUnit.id })).status,
  ).toBe(200);
  // The ordinary ticket goes to 市城管局: its handler sees it, the 天宁区 branch does not.
  expect((await c.dispatcher.post(`/tickets/${ticket.id}/dispatch`, { unitId: c.cgjUnitId })).status).toBe(
    200,
  );
  jwjw = await s.login('jwjw_handler');
  tnDispatcher = await s.login('tn_dispatcher');
}, 60_000);
afterAll(async () => {
  await pg?.end();
  await s?.stop();
});

describe('the ID number (身份证) is stored like the phone number', () => {
  test('encrypted with a keyed hash, shown masked in the ticket, never in clear in the database', async () => {
    const d = await c.agent.get(`/tickets/${ticket.id}`);
    expect(d.body.ticket.citizenIdNumberMasked).toBe('3204**********0023');
    expect(JSON.stringify(d.body)).not.toContain(ID_NUMBER);
    const { rows } = await pg.query(
      `select ci.* from citizens ci join tickets t on t.citizen_id = ci.id where t.id = $1`,
      [ticket.id],
    );
    expect(rows[0].id_number_enc).toMatch(/\./);
    expect(rows[0].id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(leaks(rows[0])).toEqual([]);
  });

  test('a malformed ID number (bad check digit) is refused', async () => {
    const res = await c.agent.post('/tickets', {
      type: 'complaint',
      title: '测试',
      description: '校验位错误的身份证号码',
      citizen: { phone: PHONE, idNumber: '320402198503150024' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('320402198503150024');
  });
});

describe('GET /tickets/:id/contact (显示完整号码)', () => {
  test('an agent gets the full number, name and ID number, and exactly one audit row without them', async () => {
    const before = await auditRows();
    const res = await c.agent.get(`/tickets/${ticket.id}/contact`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ticketNo: ticket.no, phone: PHONE, name: NAME, idNumber: ID_NUMBER });
    const rows = await auditRows();
    expect(rows).toHaveLength(before.length + 1);
    const row = rows.find((r) => r.id === res.body.auditId)!;
    expect(row).toMatchObject({
      actor_username: 'agent1',
      actor_role: 'agent',
      action: 'ticket.contact.read',
      subject_type: 'ticket',
      subject_id: ticket.id,
      ticket_no: ticket.no,
    });
    expect(row.ip).toMatch(/127\.0\.0\.1|::1/);
    expect(row.details).toMatchObject({ fields: ['phone', 'name', 'idNumber'] });
    expect(leaks(row)).toEqual([]);
  });

  test('a unit handler who sees the ticket is refused (403) and nothing is recorded', async () => {
    expect((await c.handler.get(`/tickets/${ticket.id}`)).status).toBe(200);
    const before = (await auditRows()).length;
    const res = await c.handler.get(`/tickets/${ticket.id}/contact`);
    expect(res.status).toBe(403);
    expect(leaks(res.body)).toEqual([]);
    expect(await auditRows()).toHaveLength(before);
  });

  test('a dispatcher outside the ticket (another district) gets 404 and no row', async () => {
    const before = (await auditRows()).length;
    const res = await tnDispatcher.get(`/tickets/${ticket.id}/contact`);
    expect(res.status).toBe(404);
    expect(leaks(res.body)).toEqual([]);
    expect(await auditRows()).toHaveLength(before);
  });

  test("a 12388 reporter's details are refused to staff who may not read the report", async () => {
    const before = (await auditRows()).length;
    const res = await c.agent.get(`/tickets/${confidential.id}/contact`);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('13977778888');
    expect(await auditRows()).toHaveLength(before);
  });

  test('more than the hourly allowance of reveals is refused (429), per user', async () => {
    const agent2 = await s.login('agent2');
    for (let i = 0; i < CONTACT_REVEAL_LIMIT.limit; i++) {
      const ok = await agent2.get(`/tickets/${ticket.id}/contact`);
      expect(ok.status).toBe(200);
    }
    const res = await agent2.get(`/tickets/${ticket.id}/contact`);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(leaks(res.body)).toEqual([]);
    expect(await auditRows(`actor_username = 'agent2'`)).toHaveLength(CONTACT_REVEAL_LIMIT.limit);
    // another user's allowance is their own
    expect((await c.supervisor.get(`/tickets/${ticket.id}/contact`)).status).toBe(200);
  });
});

describe('views of a confidential (12388) ticket', () => {
  test("a confidential reader's detail, timeline and links views are each recorded", async () => {
    const before = (await auditRows(`action = 'ticket.confidential.read'`)).length;
    const d = await jwjw.get(`/tickets/${confidential.id}`);
    expect(d.status).toBe(200);
    expect(d.body.ticket.title).toBe(SECRET_TITLE);
    expect((await jwjw.get(`/tickets/${confidential.id}/timeline`)).status).toBe(200);
    expect((await jwjw.get(`/tickets/${confidential.id}/links`)).status).toBe(200);
    const rows = await auditRows(`action = 'ticket.confidential.read'`);
    expect(rows).toHaveLength(before + 3);
    expect(rows.slice(-3).map((r) => (r.details as { view: string }).view)).toEqual([
      'detail',
      'timeline',
      'links',
    ]);
    expect(rows.at(-1)).toMatchObject({ actor_username: 'jwjw_handler', ticket_no: confidential.no });
  });

  test("a confidential reader's download of its attachment is recorded; a refused one is not", async () => {
    expect((await jwjw.post(`/tickets/${confidential.id}/sign`, {})).status).toBe(200);
    const up = await jwjw.post(`/tickets/${confidential.id}/attachments`, {
      filename: '证据.png',
      contentBase64: PNG_1PX,
    });
    expect(up.status).toBe(201);
    const before = (await auditRows()).length;
    const file = await fetch(
      `${s.url}/api/v1/tickets/${confidential.id}/attachments/${up.body.attachment.id}`,
      {
        headers: { cookie: jwjw.cookie },
      },
    );
    expect(file.status).toBe(200);
    const hidden = await c.dispatcher.get(`/tickets/${confidential.id}/attachments/${up.body.attachment.id}`);
    expect(hidden.status).toBe(404);
    const rows = await auditRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      actor_username: 'jwjw_handler',
      action: 'ticket.confidential.read',
      details: { view: 'attachment', attachmentId: up.body.attachment.id },
    });
  });

  test('a user who may not read it sees no content, and nothing is recorded', async () => {
    const before = (await auditRows()).length;
    const d = await c.dispatcher.get(`/tickets/${confidential.id}`);
    expect(d.status).toBe(200);
    expect(JSON.stringify(d.body)).not.toContain(SECRET_TITLE);
    expect((await c.dispatcher.get(`/tickets/${confidential.id}/timeline`)).status).toBe(200);
    expect(await auditRows()).toHaveLength(before);
  });

  test('an ordinary ticket viewed by anyone writes no row', async () => {
    const before = (await auditRows()).length;
    expect((await c.agent.get(`/tickets/${ticket.id}`)).status).toBe(200);
    expect(await auditRows()).toHaveLength(before);
  });
});

describe('the CTI screen pop', () => {
  test('the pop that shows the caller to the agent is recorded', async () => {
    expect((await c.agent.post('/calls/extension', { ext: '8301' })).status).toBe(200);
    const sock = await connectSocket(s, c.agent.cookie);
    const got: TCallRingingMessage[] = [];
    sock.socket.on('call.ringing', (m: TCallRingingMessage) => got.push(m));
    try {
      const callId = newCallId();
      const [ring] = callScript(callId, new Date(), [{ atS: 0, ...ringing(PHONE, '8301') }]);
      expect((await postCti(s, JSON.stringify(ring))).status).toBe(200);
      const pop = await waitUntil(() => got.find((m) => m.callId === callId), 'the pop', 3000, 10);
      expect(pop.citizenName).toBe(NAME);
      const rows = await auditRows(`action = 'call.screen_pop' and subject_id = $1`, [callId]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_username: 'agent1', subject_type: 'call' });
      expect(leaks(rows[0])).toEqual([]);
    } finally {
      sock.close();
    }
  });
});

describe('GET /audit (审计日志)', () => {
  test('only admins search it', async () => {
    for (const who of [c.agent, c.dispatcher, c.supervisor, c.handler, jwjw]) {
      expect((await who.get('/audit')).status).toBe(403);
    }
  });

  test('filters by actor, action, subject and time, newest first, and pages with a cursor', async () => {
    const all = await c.admin.get('/audit?limit=200');
    expect(all.status).toBe(200);
    const items = all.body.items as TAuditEntry[];
    expect(items.length).toBeGreaterThan(60);
    const times = items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(leaks(all.body)).toEqual([]);

    const byActor = await c.admin.get('/audit?actor=agent1&action=ticket.contact.read');
    expect(byActor.body.items.length).toBeGreaterThanOrEqual(1);
    expect(
      (byActor.body.items as TAuditEntry[]).every(
        (e) => e.actorUsername === 'agent1' && e.action === 'ticket.contact.read',
      ),
    ).toBe(true);
    expect(byActor.body.items[0]).toMatchObject({ actorRole: 'agent', ticketNo: ticket.no });
    expect(byActor.body.items[0].actorUnitName).toBeTruthy();

    const bySubject = await c.admin.get(`/audit?subject=${confidential.no}`);
    expect(bySubject.body.items.length).toBe(4);
    expect((bySubject.body.items as TAuditEntry[]).every((e) => e.subjectId === confidential.id)).toBe(true);
    const byId = await c.admin.get(`/audit?subject=${confidential.id}`);
    expect(byId.body.items.map((e: TAuditEntry) => e.id)).toEqual(
      bySubject.body.items.map((e: TAuditEntry) => e.id),
    );

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await c.admin.get(`/audit?from=${encodeURIComponent(future)}`)).body.items).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect((await c.admin.get(`/audit?to=${encodeURIComponent(past)}`)).body.items).toEqual([]);

    // Pages of 25 walk the same rows in the same order as one page of 200.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: TAuditEntry[]; nextCursor: string | null } } =
        await c.admin.get(`/audit?limit=25${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      walked.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual(items.map((e) => e.id));
  });

  test('a bad filter is a 400', async () => {
    expect((await c.admin.get('/audit?action=ticket.delete')).status).toBe(400);
    expect((await c.admin.get('/audit?cursor=nonsense')).status).toBe(400);
    expect((await c.admin.get('/audit?from=yesterday')).status).toBe(400);
  });

  test('the database refuses to change or delete a row', async () => {
    await expect(pg.query(`update audit_log set actor_username = 'nobody'`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
  });
});

describe('an unaudited view is refused', () => {
  test('when the row cannot be written, the reveal and the confidential view answer 503 without the data', async () => {
    await pg.query('alter table audit_log rename to audit_log_away');
    try {
      const reveal = await c.agent.get(`/tickets/${ticket.id}/contact`);
      expect(reveal.status).toBe(503);
      expect(reveal.body.error.code).toBe('UNAVAILABLE');
      expect(leaks(reveal.body)).toEqual([]);
      const detail = await jwjw.get(`/tickets/${confidential.id}`);
      expect(detail.status).toBe(503);
      expect(JSON.stringify(detail.body)).not.toContain(SECRET_TITLE);
      // whoever is not audited is not affected
      expect((await c.agent.get(`/tickets/${ticket.id}`)).status).toBe(200);
    } finally {
      await pg.query('alter table audit_log_away rename to audit_log');
    }
  });
});

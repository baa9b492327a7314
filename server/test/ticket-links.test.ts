import { ZCtiEvent } from '../src/channels/cti/cti.schema';
import { applyCtiEvent } from '../src/channels/cti/call-records';
import { newCallId, threeWayScript } from './channels/cti.fixtures';
import { PNG_B64, postPortal, validBody } from './channels/portal.fixtures';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

// What the ticket screen shows besides the ticket: the call it came from, its files, and the
// parent / children of merges, each only as far as the reader may see.
let s: TTestServer;
let c: TCast;
let outsider: ApiClient;

const CALLER = '13812345678';

beforeAll(async () => {
  s = await startTestServer('ticket_links', { env: { PORTAL_CAPTCHA: 'false' } });
  c = await signInCast(s);
  outsider = await s.login('tn_dispatcher');
}, 60_000);
afterAll(async () => s?.stop());

/** A three-way call answered by agent1 with a recording, folded as the CTI worker folds it. */
async function recordCall(callId: string): Promise<void> {
  for (const ev of threeWayScript(callId, new Date(), CALLER)) {
    await applyCtiEvent(s.ctx, ZCtiEvent.parse(ev));
  }
}

async function download(client: ApiClient | null, url: string) {
  const res = await fetch(`${s.url}${url}`, { headers: client ? { cookie: client.cookie } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /tickets/:id/links', () => {
  test('lists the call a phone ticket came from: masked caller, agent, duration, recording for the hotline only', async () => {
    const callId = newCallId();
    await recordCall(callId);
    const t = await createTicket(c, { callId, citizen: { phone: CALLER } });
    const res = await c.agent.get(`/tickets/${t.id}/links`);
    expect(res.status).toBe(200);
    expect(res.body.calls).toEqual([
      expect.objectContaining({
        callId,
        direction: 'inbound',
        callerMasked: '138****5678',
        agentName: expect.any(String),
        agentExt: '8001',
        durationS: 180,
        billsecS: 175,
        threeWay: true,
        recordingUrl: `https://recordings.example.cn/${callId}.wav`,
      }),
    ]);
    expect(res.body.calls[0].agentName).not.toBe('');
    expect(JSON.stringify(res.body)).not.toContain(CALLER);
    expect(res.body).toMatchObject({ attachments: [], hiddenAttachments: 0, parent: null, children: [] });

    // the unit handling it sees the call, never the recording of the citizen's voice
    await c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId });
    const unit = await c.handler.get(`/tickets/${t.id}/links`);
    expect(unit.body.calls).toEqual([
      expect.objectContaining({ callId, callerMasked: '138****5678', recordingUrl: null }),
    ]);
    // another district's branch does not learn the ticket exists
    const other = await outsider.get(`/tickets/${t.id}/links`);
    expect(other.status).toBe(404);
    expect(Object.keys(other.body)).toEqual(['error']);
  });

  test('lists a portal request’s images for hotline staff, downloadable by whoever may see the ticket', async () => {
    const sent = await postPortal(
      s,
      validBody({
        images: [
          { filename: '井盖.png', dataBase64: PNG_B64 },
          { filename: 'b.png', dataBase64: PNG_B64 },
        ],
      }),
    );
    expect(sent.status).toBe(201);
    const [row] = (
      await s.ctx.pool.query<{ id: string }>('select id from tickets where no = $1', [sent.json.trackingNo])
    ).rows;
    const id = row!.id;
    const res = await c.agent.get(`/tickets/${id}/links`);
    expect(res.status).toBe(200);
    const size = Buffer.from(PNG_B64, 'base64').length;
    expect(res.body.attachments).toEqual([
      expect.objectContaining({ filename: 'b.png', mimeType: 'image/png', sizeBytes: size }),
      expect.objectContaining({ filename: '井盖.png', mimeType: 'image/png', sizeBytes: size }),
    ]);
    const first = (res.body.attachments as { id: string; downloadUrl: string }[])[1];
    expect(first!.downloadUrl).toBe(`/api/v1/tickets/${id}/attachments/${first!.id}`);

    const file = await download(c.agent, first!.downloadUrl);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('井盖.png')}`,
    );
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.bytes.equals(Buffer.from(PNG_B64, 'base64'))).toBe(true);

    expect((await download(null, first!.downloadUrl)).status).toBe(401);
    expect((await download(outsider, first!.downloadUrl)).status).toBe(404);
    expect((await download(c.handler, first!.downloadUrl)).status).toBe(404); // not sent to 市城管局 yet
    await c.dispatcher.post(`/tickets/${id}/dispatch`, { unitId: c.cgjUnitId });
    expect((await download(c.handler, first!.downloadUrl)).status).toBe(200);

    // an attachment id of another ticket, or no id at all, finds nothing
    const otherTicket = await createTicket(c);
    expect(
      (await download(c.agent, `/api/v1/tickets/${otherTicket.id}/attachments/${first!.id}`)).status,
    ).toBe(404);
    expect((await download(c.agent, `/api/v1/tickets/${id}/attachments/nope`)).status).toBe(404);
  });

  test('a parent lists the tickets merged into it; a merged child links to its parent', async () => {
    const parent = await createTicket(c, { title: '青山路路灯不亮' });
    const kids = [
      await createTicket(c, { title: '青山路路灯坏了' }),
      await createTicket(c, { title: '青山路晚上没有灯' }),
    ];
    for (const k of kids) {
      expect((await c.agent.post(`/tickets/${k.id}/merge`, { parentId: parent.id })).status).toBe(200);
    }
    const p = await c.supervisor.get(`/tickets/${parent.id}/links`);
    expect(p.body.parent).toBeNull();
    expect(p.body.children).toEqual(
      kids.map((k, i) => ({
        id: k.id,
        no: k.no,
        title: ['青山路路灯坏了', '青山路晚上没有灯'][i],
        status: 'merged',
        createdAt: expect.any(String),
      })),
    );
    const child = await c.supervisor.get(`/tickets/${kids[0]!.id}/links`);
    expect(child.body.parent).toEqual({
      id: parent.id,
      no: parent.no,
      title: '青山路路灯不亮',
      status: 'registered',
      createdAt: expect.any(String),
    });
    expect(child.body.children).toEqual([]);

    // the unit holding the parent is not shown the children it was never sent
    await c.dispatcher.post(`/tickets/${parent.id}/dispatch`, { unitId: c.cgjUnitId });
    const unit = await c.handler.get(`/tickets/${parent.id}/links`);
    expect(unit.status).toBe(200);
    expect(unit.body.children).toEqual([]);
  });

  test('a 12388 report shows a non-reader when its call was and that files exist, nothing they say', async () => {
    const callId = newCallId();
    await recordCall(callId);
    const t = await createTicket(c, {
      line: '12388',
      type: 'report',
      title: '举报某所长收受红包',
      callId,
      citizen: { phone: CALLER },
    });
    await s.ctx.pool.query(
      `insert into attachments (ticket_id, filename, mime_type, size_bytes, sha256, data_base64)
       values ($1, '红包照片.png', 'image/png', $2, $3, $4)`,
      [t.id, Buffer.from(PNG_B64, 'base64').length, 'f'.repeat(64), PNG_B64],
    );
    const hidden = await c.agent.get(`/tickets/${t.id}/links`);
    expect(hidden.status).toBe(200);
    expect(hidden.body.calls).toEqual([
      expect.objectContaining({ callId, callerMasked: null, recordingUrl: null, durationS: 180 }),
    ]);
    expect(hidden.body).toMatchObject({ attachments: [], hiddenAttachments: 1 });
    expect(JSON.stringify(hidden.body)).not.toMatch(/红包|5678/);

    const reader = await c.admin.get(`/tickets/${t.id}/links`);
    expect(reader.body.hiddenAttachments).toBe(0);
    expect(reader.body.attachments).toEqual([expect.objectContaining({ filename: '红包照片.png' })]);
    expect(reader.body.calls[0]).toMatchObject({
      callerMasked: '138****5678',
      recordingUrl: expect.any(String),
    });
    const url = reader.body.attachments[0].downloadUrl as string;
    expect((await download(c.admin, url)).status).toBe(200);
    expect((await download(c.agent, url)).status).toBe(404);
  });

  test('an unknown ticket is a 404, a malformed id a 400', async () => {
    expect((await c.agent.get('/tickets/00000000-0000-4000-8000-000000000000/links')).status).toBe(404);
    expect((await c.agent.get('/tickets/not-a-uuid/links')).status).toBe(400);
  });
});

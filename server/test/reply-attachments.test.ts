import type { TTicketDetailResponse, TTimelineEntry } from '@hotline/shared';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
let zjjHandler: ApiClient;

const PASSWORD = 'Attach-Test-2026';
const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');

const upload = (who: ApiClient, id: string, filename: string, contentBase64: string) =>
  who.post(`/tickets/${id}/attachments`, { filename, contentBase64 });

const detail = async (who: ApiClient, id: string) =>
  (await who.get(`/tickets/${id}`)).body as TTicketDetailResponse;
const eventOf = (d: TTicketDetailResponse, type: string) =>
  d.timeline.filter((e) => e.type === type).at(-1) as TTimelineEntry;

async function ok(who: ApiClient, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await who.post(`/tickets/${id}/${action}`, body);
  expect({ action, status: res.status, body: res.status === 200 ? null : res.body }).toEqual({
    action,
    status: 200,
    body: null,
  });
}

/** A ticket at 市城管局, signed for by its handler. */
async function signedAtCgj() {
  const t = await createTicket(c);
  await ok(c.dispatcher, t.id, 'dispatch', { unitId: c.cgjUnitId });
  await ok(c.handler, t.id, 'sign');
  return t.id;
}

beforeAll(async () => {
  s = await startTestServer('reply_attachments');
  c = await signInCast(s);
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  const zjjId = units.find((u) => u.code === 'zjj')!.id;
  const res = await c.admin.post('/users', {
    username: 'zjj_handler_att',
    displayName: 'zjj_handler_att',
    role: 'unit_handler',
    unitId: zjjId,
    password: PASSWORD,
  });
  expect(res.status).toBe(201);
  zjjHandler = await s.login('zjj_handler_att', PASSWORD);
}, 60_000);
afterAll(async () => s?.stop());

describe('a unit attaches files to its reply', () => {
  test('the handler uploads a PNG and a PDF: 201 with the type read from the bytes, downloadable', async () => {
    const id = await signedAtCgj();
    const png = await upload(c.handler, id, '路灯修复后.png', PNG_1PX);
    expect(png.status).toBe(201);
    expect(png.body).toEqual({
      attachment: {
        id: expect.any(String),
        filename: '路灯修复后.png',
        mimeType: 'image/png',
        sizeBytes: 70,
      },
    });
    // a PDF named like an image is stored as the PDF it is
    const pdf = await upload(c.handler, id, '复函.jpg', PDF);
    expect(pdf.status).toBe(201);
    expect(pdf.body.attachment).toMatchObject({ filename: '复函.pdf', mimeType: 'application/pdf' });

    const file = await fetch(`${s.url}/api/v1/tickets/${id}/attachments/${png.body.attachment.id}`, {
      headers: { cookie: c.supervisor.cookie },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(PNG_1PX, 'base64'))).toBe(true);
  });

  test('a .png name with other content is refused with 422 in the error format and nothing is stored', async () => {
    const id = await signedAtCgj();
    const fake = Buffer.from('<script>alert(1)</script> not an image').toString('base64');
    const res = await upload(c.handler, id, 'photo.png', fake);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'UNPROCESSABLE',
      details: { fields: { contentBase64: expect.any(Array) } },
    });
    expect((await c.handler.get(`/tickets/${id}/links`)).body.attachments).toEqual([]);
  });

  test("another unit's user gets 404 and stores nothing; a unit with no assignment left gets 403", async () => {
    const id = await signedAtCgj();
    const res = await upload(zjjHandler, id, 'a.png', PNG_1PX);
    expect(res.status).toBe(404);
    expect(Object.keys(res.body)).toEqual(['error']);
    expect((await c.supervisor.get(`/tickets/${id}/links`)).body.attachments).toEqual([]);

    // once the unit has replied and the hotline approved, it no longer works on the ticket
    await ok(c.handler, id, 'reply', { content: '已修复路灯', solved: true });
    await ok(c.dispatcher, id, 'approve-reply');
    const late = await upload(c.handler, id, 'a.png', PNG_1PX);
    expect(late.status).toBe(403);
    // hotline staff still may
    expect((await upload(c.agent, id, 'a.png', PNG_1PX)).status).toBe(201);
  });

  test('a file over 5 MB is refused with 413', async () => {
    const id = await signedAtCgj();
    const big = Buffer.alloc(6 * 1024 * 1024, 0);
    Buffer.from(PNG_1PX, 'base64').copy(big);
    const res = await upload(c.handler, id, 'big.png', big.toString('base64'));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    // just over 5 MB decoded, but inside the body limit: refused by the file check
    const over = Buffer.alloc(5 * 1024 * 1024 + 3, 0);
    Buffer.from(PNG_1PX, 'base64').copy(over);
    const res2 = await upload(c.handler, id, 'over.png', over.toString('base64'));
    expect(res2.status).toBe(413);
    expect(res2.body.error.details.fields.contentBase64).toBeDefined();
    expect((await c.handler.get(`/tickets/${id}/links`)).body.attachments).toEqual([]);
  });

  test('a reply naming the file carries it in ticket.replied and the links list it', async () => {
    const id = await signedAtCgj();
    const png = (await upload(c.handler, id, 'lamp.png', PNG_1PX)).body.attachment;
    await ok(c.handler, id, 'reply', { content: '路灯已修复', solved: true, attachmentIds: [png.id] });
    const d = await detail(c.supervisor, id);
    expect(d.ticket.status).toBe('replied');
    expect(eventOf(d, 'ticket.replied').payload).toMatchObject({
      content: '路灯已修复',
      attachments: [{ id: png.id, filename: 'lamp.png' }],
    });
    const links = (await c.supervisor.get(`/tickets/${id}/links`)).body;
    expect(links.attachments).toEqual([
      expect.objectContaining({
        id: png.id,
        filename: 'lamp.png',
        downloadUrl: `/api/v1/tickets/${id}/attachments/${png.id}`,
      }),
    ]);
  });

  test("a reply naming another ticket's file is refused with 422 and the ticket is unchanged", async () => {
    const other = await signedAtCgj();
    const foreign = (await upload(c.handler, other, 'other.png', PNG_1PX)).body.attachment;
    const id = await signedAtCgj();
    const before = await detail(c.supervisor, id);
    const res = await c.handler.post(`/tickets/${id}/reply`, {
      content: '路灯已修复',
      solved: true,
      attachmentIds: [foreign.id],
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'UNPROCESSABLE', details: { attachmentIds: [foreign.id] } });
    const after = await detail(c.supervisor, id);
    expect(after.ticket).toMatchObject({ status: 'in_progress', version: before.ticket.version });
    expect(after.timeline.length).toBe(before.timeline.length);
  });

  test('审核签发: the draft keeps its files, hidden outside the unit, and sign-off sends them with the reply', async () => {
    expect((await c.admin.call('PATCH', `/units/${c.cgjUnitId}`, { replySignoff: true })).status).toBe(200);
    try {
      const id = await signedAtCgj();
      const png = (await upload(c.handler, id, 'lamp.png', PNG_1PX)).body.attachment;
      await ok(c.handler, id, 'reply', { content: '路灯已修复', solved: true, attachmentIds: [png.id] });
      const files = [{ id: png.id, filename: 'lamp.png' }];
      expect(eventOf(await detail(c.handler, id), 'ticket.reply_submitted').payload).toMatchObject({
        attachments: files,
      });
      expect(eventOf(await detail(c.supervisor, id), 'ticket.reply_submitted').payload).not.toHaveProperty(
        'attachments',
      );
      // the manager may add a file while signing off; without attachmentIds the draft's files go out
      await ok(c.manager, id, 'signoff-reply', {});
      expect(eventOf(await detail(c.supervisor, id), 'ticket.replied').payload).toMatchObject({
        attachments: files,
        signedOffBy: expect.any(String),
      });

      const id2 = await signedAtCgj();
      const first = (await upload(c.handler, id2, 'before.png', PNG_1PX)).body.attachment;
      const second = (await upload(c.manager, id2, '复函.pdf', PDF)).body.attachment;
      await ok(c.handler, id2, 'reply', { content: '路灯已修复', solved: true, attachmentIds: [first.id] });
      await ok(c.manager, id2, 'signoff-reply', { attachmentIds: [second.id] });
      expect(eventOf(await detail(c.supervisor, id2), 'ticket.replied').payload.attachments).toEqual([
        { id: second.id, filename: '复函.pdf' },
      ]);
    } finally {
      await c.admin.call('PATCH', `/units/${c.cgjUnitId}`, { replySignoff: false });
    }
  });
});

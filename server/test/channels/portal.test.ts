import { storeInbound } from '../../src/channels/inbound';
import { processInbound } from '../../src/channels/intake';
import { act, signInCast } from '../support/drive';
import { startTestServer, type TTestServer } from '../support/harness';
import {
  count,
  getPortal,
  JPEG_B64,
  nextPhone,
  PNG_B64,
  postPortal,
  storedCounts,
  TEXT_B64,
  track,
  validBody,
} from './portal.fixtures';

let s: TTestServer;
beforeAll(async () => {
  s = await startTestServer('portal', { env: { PORTAL_CAPTCHA: 'false' } });
});
afterAll(async () => s?.stop());

async function ticketIdOf(no: string): Promise<string> {
  const res = await s.ctx.pool.query<{ id: string }>(`select id from tickets where no = $1`, [no]);
  return res.rows[0]!.id;
}

describe('submitting a request from the public portal', () => {
  test('files a web ticket at once and answers its tracking number and a six-digit query code', async () => {
    const cats = await getPortal(s, '/categories');
    expect(cats.status).toBe(200);
    const leaf = cats.json.groups.find((g: any) => g.name === '城市管理').items[0];
    const phone = nextPhone();
    const res = await postPortal(s, validBody({ phone, categoryId: leaf.id, title: '井盖缺失' }));
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      trackingNo: expect.stringMatching(/^\d{14}$/),
      queryCode: expect.stringMatching(/^\d{6}$/),
    });

    const t = await s.ctx.pool.query(`select * from tickets where no = $1`, [res.json.trackingNo]);
    expect(t.rows[0]).toEqual(
      expect.objectContaining({
        channel: 'web',
        line: '12345',
        status: 'registered',
        title: '井盖缺失',
        category_id: leaf.id,
      }),
    );
    const ev = await s.ctx.pool.query(`select actor_name from ticket_events where ticket_id = $1`, [
      t.rows[0].id,
    ]);
    expect(ev.rows).toEqual([{ actor_name: '网上门户' }]);
    // Personal data is kept only encrypted, in the message as in the citizen record.
    const inbound = await s.ctx.pool.query(`select body, status from inbound_messages where ticket_id = $1`, [
      t.rows[0].id,
    ]);
    expect(inbound.rows[0].status).toBe('processed');
    expect(inbound.rows[0].body).not.toContain(phone);
    expect(inbound.rows[0].body).not.toContain('李女士');
    expect(inbound.rows[0].body).not.toContain(res.json.queryCode);
  });

  test('leaves out 12388 discipline reports and 12340 polls, and refuses those lines', async () => {
    const cats = await getPortal(s, '/categories');
    const names = cats.json.groups.map((g: any) => g.name);
    expect(names).not.toContain('纪检监察');
    expect(names).not.toContain('民意调查');
    const jwjw = await s.ctx.pool.query(`select id from categories where code like '12__' limit 1`);
    const refused = await postPortal(s, validBody({ categoryId: jwjw.rows[0].id }));
    expect(refused.status).toBe(400);
    expect(refused.json.error.details.fields.categoryId).toBeDefined();
    expect((await postPortal(s, validBody({ line: '12388' }))).status).toBe(400);
    expect((await postPortal(s, validBody({ line: '12315' }))).status).toBe(201);
  });

  test('takes images by their bytes: a PNG named .jpg is kept as a PNG, a text file named .png is refused', async () => {
    const ok = await postPortal(
      s,
      validBody({
        images: [
          { filename: 'photo.jpg', dataBase64: PNG_B64 },
          { filename: 'b.jpeg', dataBase64: `data:image/jpeg;base64,${JPEG_B64}` },
        ],
      }),
    );
    expect(ok.status).toBe(201);
    const files = await s.ctx.pool.query(
      `select filename, mime_type, size_bytes from attachments where ticket_id = $1 order by filename`,
      [await ticketIdOf(ok.json.trackingNo)],
    );
    expect(files.rows).toEqual([
      { filename: 'b.jpg', mime_type: 'image/jpeg', size_bytes: 68 },
      { filename: 'photo.png', mime_type: 'image/png', size_bytes: Buffer.from(PNG_B64, 'base64').length },
    ]);

    const before = await storedCounts(s);
    const text = await postPortal(s, validBody({ images: [{ filename: 'note.png', dataBase64: TEXT_B64 }] }));
    expect(text.status).toBe(400);
    expect(text.json.error.details.fields['images.0']).toEqual(['not a JPEG, PNG, WebP or GIF image']);
    const six = await postPortal(
      s,
      validBody({ images: Array.from({ length: 6 }, () => ({ filename: 'a.png', dataBase64: PNG_B64 })) }),
    );
    expect(six.status).toBe(400);
    expect(six.json.error.details.fields.images).toBeDefined();
    expect(await storedCounts(s)).toEqual(before);
  });

  test('refuses an image over 2 MB and a body over the limit with 413, storing nothing', async () => {
    const before = await storedCounts(s);
    const big = Buffer.concat([Buffer.from(PNG_B64, 'base64'), Buffer.alloc(2 * 1024 * 1024)]).toString(
      'base64',
    );
    const oneBig = await postPortal(s, validBody({ images: [{ filename: 'big.png', dataBase64: big }] }));
    expect(oneBig.status).toBe(413);
    expect(oneBig.json.error).toEqual(
      expect.objectContaining({
        code: 'PAYLOAD_TOO_LARGE',
        details: { fields: { 'images.0': [expect.any(String)] } },
      }),
    );
    const huge = 'A'.repeat(9 * 1024 * 1024);
    const tooBig = await postPortal(s, validBody({ images: [{ filename: 'x.png', dataBase64: huge }] }));
    expect(tooBig.status).toBe(413);
    expect(await storedCounts(s)).toEqual(before);
  });

  test('the same Idempotency-Key sent again, even concurrently, files one ticket and answers the same', async () => {
    const body = validBody();
    const headers = { 'idempotency-key': 'portal-test-key-0001' };
    // three in all: the phone's hourly limit counts retries too
    const answers = await Promise.all([1, 2].map(() => postPortal(s, body, { headers })));
    const again = await postPortal(s, body, { headers });
    for (const a of [...answers, again]) {
      expect(a.status).toBe(201);
      expect(a.json).toEqual(answers[0]!.json);
    }
    expect(
      await count(s, `select count(*) as n from tickets where idempotency_key = 'web:portal-test-key-0001'`),
    ).toBe(1);
    expect(
      await count(s, `select count(*) as n from inbound_messages where external_id = 'portal-test-key-0001'`),
    ).toBe(1);
    // Someone else's phone with that key learns nothing.
    const other = await postPortal(s, validBody(), { headers });
    expect(other.status).toBe(409);
    expect(JSON.stringify(other.json)).not.toContain(answers[0]!.json.queryCode);
  });

  test('a stored request whose ticket was not filed at once is filed by the intake job, once', async () => {
    // As if the process died between storing the message and filing the ticket.
    const { pii } = s.ctx;
    const { row } = await storeInbound(s.ctx.db, {
      channel: 'web',
      externalId: 'portal-intake-0001',
      body: JSON.stringify({
        v: 1,
        line: '12345',
        type: 'help',
        categoryId: null,
        title: '路灯不亮',
        description: '龙城大道路灯连续三晚不亮',
        address: '龙城大道',
        phoneEnc: pii.encrypt('13900001111'),
        phoneHash: pii.hash('13900001111'),
        nameEnc: null,
        queryCodeEnc: pii.encrypt('424242'),
        queryCodeHash: pii.hash('424242'),
        attachmentIds: [],
      }),
    });
    expect(await processInbound(s.ctx, row.id)).toBe('processed');
    expect(await processInbound(s.ctx, row.id)).toBe('skipped');
    const t = await s.ctx.pool.query(
      `select no from tickets where idempotency_key = 'web:portal-intake-0001'`,
    );
    expect(t.rows).toHaveLength(1);
    const tracked = await track(s, t.rows[0].no, '424242');
    expect(tracked.status).toBe(200);
    expect(tracked.json.status).toBe('registered');
  });
});

describe('tracking a request', () => {
  test('shows status, lead unit, the approved reply and the timeline, and never personal data or staff', async () => {
    const phone = nextPhone();
    const sub = await postPortal(
      s,
      validBody({ phone, name: '赵小明', address: '钟楼区南大街 99 号 3 单元' }),
    );
    const { trackingNo, queryCode } = sub.json;
    const first = await track(s, trackingNo, queryCode);
    expect(first.status).toBe(200);
    expect(first.json).toEqual(
      expect.objectContaining({ status: 'registered', leadUnit: null, reply: null }),
    );

    const c = await signInCast(s);
    const id = await ticketIdOf(trackingNo);
    for (const action of ['dispatch', 'sign', 'reply'] as const)
      expect((await act(c, id, action)).status).toBe(200);
    // Replied but not yet approved: the reply is not shown.
    expect((await track(s, trackingNo, queryCode)).json.reply).toBeNull();
    expect((await act(c, id, 'approve-reply')).status).toBe(200);

    const res = await track(s, trackingNo, queryCode);
    expect(res.json).toEqual({
      trackingNo,
      line: '12345',
      type: 'complaint',
      status: 'resolved',
      statusLabel: { zh: '已办结', en: 'Resolved' },
      submittedAt: expect.any(String),
      leadUnit: '市城管局',
      reply: { content: '已安排人员补装井盖', at: expect.any(String) },
      timeline: [
        'ticket.created',
        'ticket.dispatched',
        'ticket.signed',
        'ticket.replied',
        'ticket.reply_approved',
      ].map((type) => ({
        type,
        label: { zh: expect.any(String), en: expect.any(String) },
        at: expect.any(String),
      })),
    });
    const text = JSON.stringify(res.json);
    const staff = await s.ctx.pool.query<{ display_name: string; username: string }>(
      `select display_name, username from users`,
    );
    for (const secret of [
      phone,
      phone.slice(-4),
      '赵小明',
      '南大街',
      '网上门户',
      ...staff.rows.flatMap((u) => [u.display_name, u.username]),
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  test('a wrong query code and an unknown number get the same 404', async () => {
    const sub = await postPortal(s, validBody());
    const wrong = await track(s, sub.json.trackingNo, sub.json.queryCode === '000000' ? '000001' : '000000');
    const unknown = await track(s, '20990101000001', '123456');
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.json).toEqual(unknown.json);
    expect((await track(s, 'abc', '12')).status).toBe(400);
  });
});

import type { TRunningWorkers } from '../../../workers/src/index';
import { startTestWorkers, waitUntil } from '../../../workers/test/support/worker-harness';
import { computeWeiboSignature } from '../../src/channels/weibo/weibo-signature';
import { startTestServer, type TTestServer } from '../support/harness';
import {
  countRows,
  OUR_ACCOUNT,
  postWeibo,
  replyText,
  signedQuery,
  weiboCreatedAt,
  weiboInboundCount,
  weiboPush,
  WEIBO_SECRET,
} from './weibo.fixtures';

let s: TTestServer;
let w: TRunningWorkers;

beforeAll(async () => {
  s = await startTestServer('weibo_push', { env: { WEIBO_APP_SECRET: WEIBO_SECRET } });
  w = await startTestWorkers(s);
});
afterAll(async () => {
  await w?.close();
  await s?.stop();
});

const inboundOf = async (sender: string) =>
  (
    await s.ctx.pool.query<{ id: string; status: string; external_id: string; body: string }>(
      `select id, status, external_id, body from inbound_messages
        where channel = 'weibo' and external_id like $1 order by received_at`,
      [`${sender}:%`],
    )
  ).rows;

const messagesOf = async (sender: string) =>
  (
    await s.ctx.pool.query<{ kind: string; content: string | null; data: any; inbound_message_id: string }>(
      `select m.kind, m.content, m.data, m.inbound_message_id from conversation_messages m
         join conversations c on c.id = m.conversation_id
        where c.channel = 'weibo' and c.external_user_id = $1 order by m.created_at, m.id`,
      [sender],
    )
  ).rows;

const processed = (sender: string, n: number) =>
  waitUntil(async () => {
    const rows = await inboundOf(sender);
    return rows.length === n && rows.every((r) => r.status === 'processed') && rows;
  }, `${n} weibo message(s) of ${sender} to be processed`);

describe('URL verification', () => {
  test('echoes echostr as plain text when the signature over the sorted secret, timestamp and nonce matches', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '8712539';
    // Computed independently of the adapter: sha1 of the three strings sorted and joined.
    const { createHash } = await import('node:crypto');
    const signature = createHash('sha1')
      .update([WEIBO_SECRET, timestamp, nonce].sort().join(''))
      .digest('hex');
    expect(computeWeiboSignature(WEIBO_SECRET, timestamp, nonce)).toBe(signature);
    const qs = new URLSearchParams({ signature, timestamp, nonce, echostr: 'weibo-echo-42' });
    const res = await fetch(`${s.url}/channels/weibo?${qs}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('weibo-echo-42');
  });

  test('refuses a wrong signature, a missing one and a stale timestamp with 401', async () => {
    const good = signedQuery();
    const cases = [
      { ...good, signature: computeWeiboSignature('another-secret', good.timestamp, good.nonce) },
      { timestamp: good.timestamp, nonce: good.nonce },
      signedQuery({ at: new Date(Date.now() - 6 * 60_000) }),
    ];
    for (const q of cases) {
      const res = await fetch(`${s.url}/channels/weibo?${new URLSearchParams({ ...q, echostr: 'x' })}`);
      expect(res.status).toBe(401);
      expect(await res.text()).not.toBe('x');
    }
  });
});

describe('pushed messages', () => {
  test('a signed text message is stored and answered with the passive JSON reply (data URL-encoded)', async () => {
    const sender = '2489518277';
    const started = Date.now();
    const res = await postWeibo(s, weiboPush(sender));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.json).toEqual({
      result: true,
      sender_id: OUR_ACCOUNT,
      receiver_id: sender,
      type: 'text',
      data: expect.any(String),
    });
    // URL-encoded JSON: no raw braces or quotes, and it decodes to { text }.
    expect(res.json.data).toMatch(/^[A-Za-z0-9%\-_.!~*'()]+$/);
    expect(JSON.parse(decodeURIComponent(res.json.data))).toEqual({
      text: expect.stringMatching(/^您的私信已收到/),
    });

    const rows = await processed(sender, 1);
    expect(JSON.parse(rows[0]!.body)).toMatchObject({ type: 'text', sender_id: Number(sender) });
    const msgs = await messagesOf(sender);
    expect(msgs).toEqual([
      expect.objectContaining({
        kind: 'text',
        content: '小区门口垃圾三天没人清运了',
        inbound_message_id: rows[0]!.id,
      }),
    ]);
  });

  test('three retries and three concurrent duplicates make one inbound row and one conversation message', async () => {
    const sender = '3300000001';
    const push = weiboPush(sender, { created_at: 'Mon Jul 16 18:09:20 +0800 2012', text: '路灯不亮' });
    const sequential = [];
    for (let i = 0; i < 3; i++) sequential.push(await postWeibo(s, push));
    const concurrent = await Promise.all([1, 2, 3].map(() => postWeibo(s, push)));
    for (const res of [...sequential, ...concurrent]) {
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        result: true,
        sender_id: OUR_ACCOUNT,
        receiver_id: sender,
        type: 'text',
      });
      expect(replyText(res.json)).toMatch(/^您的私信已收到/);
    }
    const rows = await processed(sender, 1);
    expect(rows[0]!.external_id).toBe(`${sender}:${Date.UTC(2012, 6, 16, 10, 9, 20) / 1000}`);
    const outboxRows = await countRows(s, `select count(*) as n from outbox where aggregate_id = $1`, [
      rows[0]!.id,
    ]);
    expect(outboxRows).toBe(1);
    expect(await messagesOf(sender)).toHaveLength(1);
  });

  test('position, image and voice messages become conversation messages of their kind', async () => {
    const sender = '3300000002';
    const t0 = Date.now() - 60_000;
    const at = (i: number) => weiboCreatedAt(new Date(t0 + i * 1000));
    const pushes = [
      weiboPush(sender, {
        type: 'position',
        created_at: at(1),
        text: '',
        data: { longitude: '116.308586', latitude: '39.982525' },
      }),
      weiboPush(sender, {
        type: 'image',
        created_at: at(2),
        text: '',
        data: { vfid: 821804459, tovfid: 821804469 },
      }),
      weiboPush(sender, { type: 'voice', created_at: at(3), text: '', data: { vfid: '821804460' } }),
    ];
    for (const p of pushes) {
      const res = await postWeibo(s, p);
      expect(res.status).toBe(200);
      expect(replyText(res.json)).toMatch(/^您的私信已收到/);
    }
    await processed(sender, 3);
    const msgs = await messagesOf(sender);
    expect(msgs.map((m) => m.kind)).toEqual(['position', 'image', 'voice']);
    expect(msgs[0]!.data).toEqual({ latitude: 39.982525, longitude: 116.308586 });
    expect(msgs[1]!.data).toEqual({ vfid: '821804459', tovfid: '821804469' });
    expect(msgs[2]!.data).toEqual({ vfid: '821804460' });
  });

  test('a follow event is stored and answered with an empty body, and adds nothing to triage', async () => {
    const sender = '3300000003';
    const res = await postWeibo(
      s,
      weiboPush(sender, { type: 'event', text: '关注', data: { subtype: 'follow' } }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await processed(sender, 1);
    expect(await messagesOf(sender)).toHaveLength(0);
  });

  test('the QUERY_STATUS menu click replies with the status of the sender’s latest tickets', async () => {
    const sender = '3300000004';
    const agent = await s.login('agent1');
    const mk = async (phone: string, title: string) => {
      const r = await agent.post('/tickets', {
        type: 'complaint',
        title,
        description: `${title}，请尽快处理`,
        citizen: { phone },
      });
      expect(r.status).toBe(201);
      return r.body.ticket as { id: string; no: string };
    };
    const viaCitizen = await mk('13911112222', '噪音扰民');
    const viaConversation = await mk('13933334444', '占道经营');
    await s.ctx.pool.query(
      `update citizens set weibo_uid = $1 where id = (select citizen_id from tickets where id = $2)`,
      [sender, viaCitizen.id],
    );
    await s.ctx.pool.query(
      `insert into conversations (channel, external_user_id, account_id, status, ticket_id)
       values ('weibo', $1, $2, 'closed', $3)`,
      [sender, OUR_ACCOUNT, viaConversation.id],
    );
    const click = (uid: string, key: string) =>
      postWeibo(s, weiboPush(uid, { type: 'event', text: '', data: { subtype: 'click', key } }));

    const res = await click(sender, 'QUERY_STATUS');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      result: true,
      sender_id: OUR_ACCOUNT,
      receiver_id: sender,
      type: 'text',
    });
    const text = replyText(res.json);
    expect(text).toContain(`工单号 ${viaCitizen.no}：已登记`);
    expect(text).toContain(`工单号 ${viaConversation.no}：已登记`);
    // Newest first; no content of the tickets goes back over the channel.
    expect(text.indexOf(viaConversation.no)).toBeLessThan(text.indexOf(viaCitizen.no));
    expect(text).not.toMatch(/噪音扰民|占道经营|1391111|1393333/);

    const stranger = await click('3300000005', 'QUERY_STATUS');
    expect(replyText(stranger.json)).toMatch(/^暂未查到您的工单/);
    const otherKey = await click('3300000006', 'OTHER_MENU');
    expect(otherKey.status).toBe(200);
    expect(otherKey.text).toBe('');
  });

  test('a wrong signature or a stale timestamp is refused with 401 and nothing is stored', async () => {
    const before = await weiboInboundCount(s);
    const good = signedQuery();
    const bad = { ...good, signature: computeWeiboSignature('not-the-secret', good.timestamp, good.nonce) };
    expect((await postWeibo(s, weiboPush('3300000007'), bad)).status).toBe(401);
    const old = signedQuery({ at: new Date(Date.now() - 5 * 60_000 - 5_000) });
    expect((await postWeibo(s, weiboPush('3300000007'), old)).status).toBe(401);
    const future = signedQuery({ at: new Date(Date.now() + 6 * 60_000) });
    expect((await postWeibo(s, weiboPush('3300000007'), future)).status).toBe(401);
    const unsigned = { timestamp: good.timestamp, nonce: good.nonce };
    const res = await postWeibo(s, weiboPush('3300000007'), unsigned);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('UNAUTHENTICATED');
    expect(await weiboInboundCount(s)).toBe(before);
  });

  test('malformed JSON gets 400, an oversized body 413, a payload of the wrong shape 400; nothing stored', async () => {
    const before = await weiboInboundCount(s);
    const malformed = await postWeibo(s, '{"type":"text","sender_id":');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('VALIDATION_FAILED');
    const huge = await postWeibo(s, weiboPush('3300000008', { text: '很'.repeat(40_000) }));
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    const wrongShape = await postWeibo(
      s,
      weiboPush('3300000008', { created_at: '2012-07-16T18:09:20+08:00' }),
    );
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.json.error.details.fields.created_at).toBeDefined();
    expect((await postWeibo(s, '')).status).toBe(400);
    expect(await weiboInboundCount(s)).toBe(before);
  });
});

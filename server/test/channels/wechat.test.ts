import { and, eq, sql } from 'drizzle-orm';
import type { TRunningWorkers } from '../../../workers/src/index';
import { startTestWorkers, waitUntil } from '../../../workers/test/support/worker-harness';
import { WECHAT_TEXTS } from '../../src/channels/wechat/wechat-reply';
import { parseWechatXml } from '../../src/channels/wechat/wechat-xml';
import {
  citizens,
  conversationMessages,
  conversations,
  inboundMessages,
  tickets,
} from '../../src/infra/db/schema';
import { createTicket, signInCast } from '../support/drive';
import { startTestServer, type TTestServer } from '../support/harness';
import {
  ACCOUNT,
  eventXml,
  nextMsgId,
  OFFICIAL,
  openEncryptedReply,
  textXml,
  WECHAT_ENV,
  WechatPlatform,
  wechatRowCount,
  wechatRows,
} from './wechat-client';
import { wechatSignature } from '../../src/channels/wechat/wechat-crypto';

let s: TTestServer;
let wx: WechatPlatform;
let workers: TRunningWorkers | null = null;
let now: Date | null = null;
const clock = () => now ?? new Date();
const unix = () => Math.floor(clock().getTime() / 1000);

beforeAll(async () => {
  s = await startTestServer('wechat', { clock, env: WECHAT_ENV });
  wx = new WechatPlatform(s, clock);
}, 60_000);
afterAll(async () => {
  await workers?.close();
  await s?.stop();
});

async function conversationMessagesOf(inboundId: string) {
  return s.ctx.db
    .select()
    .from(conversationMessages)
    .where(eq(conversationMessages.inboundMessageId, inboundId));
}

describe('URL verification (GET /channels/wechat)', () => {
  const verify = (o: { signature?: string; timestamp?: string } = {}) => {
    const timestamp = o.timestamp ?? wx.timestamp();
    const nonce = '1514711492';
    const signature = o.signature ?? wechatSignature([OFFICIAL.token, timestamp, nonce]);
    return wx.send('GET', { signature, timestamp, nonce, echostr: '6213917430961539286' });
  };

  test('echoes echostr as plain text when the signature over token, timestamp and nonce matches', async () => {
    const res = await verify();
    expect(res).toMatchObject({ status: 200, text: '6213917430961539286' });
    expect(res.type).toMatch(/^text\/plain/);
  });

  test('refuses a wrong signature or a stale timestamp with 401', async () => {
    expect((await verify({ signature: 'a'.repeat(40) })).status).toBe(401);
    const stale = wx.timestamp(-301);
    expect((await verify({ timestamp: stale })).status).toBe(401);
  });

  test('answers 503 with the error body while the channel has no token', async () => {
    const token = s.ctx.config.WECHAT_TOKEN;
    const before = await wechatRowCount(s);
    s.ctx.config.WECHAT_TOKEN = undefined;
    try {
      const res = await verify();
      expect(res.status).toBe(503);
      expect(JSON.parse(res.text).error.code).toBe('CHANNEL_NOT_CONFIGURED');
      expect((await wx.postPlain(textXml({ from: 'oNoToken', msgId: nextMsgId() }))).status).toBe(503);
    } finally {
      s.ctx.config.WECHAT_TOKEN = token;
    }
    expect(await wechatRowCount(s)).toBe(before);
  });
});

describe('pushed messages', () => {
  test('the official sample vector, posted in safe mode, is stored decrypted and answered encrypted', async () => {
    now = new Date(Number(OFFICIAL.timestamp) * 1000 + 2000);
    try {
      const body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${OFFICIAL.encrypt}]]></Encrypt></xml>`;
      const res = await wx.send(
        'POST',
        {
          signature: wechatSignature([OFFICIAL.token, OFFICIAL.timestamp, OFFICIAL.nonce]),
          timestamp: OFFICIAL.timestamp,
          nonce: OFFICIAL.nonce,
          encrypt_type: 'aes',
          msg_signature: OFFICIAL.msgSignature,
        },
        body,
      );
      expect(res.status).toBe(200);
      const reply = openEncryptedReply(res.text);
      expect(reply).toMatchObject({
        ToUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
        FromUserName: ACCOUNT,
        MsgType: 'text',
        Content: WECHAT_TEXTS.received,
      });
      const [row] = await wechatRows(s, 'msg:6054768590064713728');
      expect(row!.body).toBe(OFFICIAL.decrypted);
      expect(row!.headers).toMatchObject({ mode: 'safe', kind: 'message', type: 'text' });
    } finally {
      now = null;
    }
  });

  test('plaintext: a text message gets a passive text reply with To and From swapped', async () => {
    const res = await wx.postPlain(textXml({ from: 'oPlainSender1', msgId: nextMsgId() }));
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/xml/);
    const reply = parseWechatXml(res.text);
    expect(reply).toMatchObject({
      ToUserName: 'oPlainSender1',
      FromUserName: ACCOUNT,
      MsgType: 'text',
      Content: WECHAT_TEXTS.received,
    });
    expect(Math.abs(Number(reply.CreateTime) - unix())).toBeLessThanOrEqual(2);
  });

  test('safe and compatible modes: the encrypted reply verifies and decrypts; the stored body is the decrypted XML', async () => {
    for (const compatible of [false, true]) {
      const msgId = nextMsgId();
      const xml = textXml({ from: 'oSafeSender', msgId, content: '噪音扰民 <夜间> & 施工' });
      const res = await wx.postSafe(xml, { compatible });
      expect(res.status).toBe(200);
      const outer = parseWechatXml(res.text);
      expect(Object.keys(outer).sort()).toEqual(['Encrypt', 'MsgSignature', 'Nonce', 'TimeStamp']);
      expect(openEncryptedReply(res.text)).toMatchObject({
        ToUserName: 'oSafeSender',
        FromUserName: ACCOUNT,
      });
      const [row] = await wechatRows(s, `msg:${msgId}`);
      expect(row!.body).toBe(xml);
      expect(row!.headers.mode).toBe(compatible ? 'compatible' : 'safe');
    }
  });

  test('refuses what is not from WeChat with clear 4xx answers and stores nothing', async () => {
    const before = await wechatRowCount(s);
    const msg = () => textXml({ from: 'oAttacker', msgId: nextMsgId() });
    expect((await wx.postPlain(msg(), { token: 'not-the-token' })).status).toBe(401);
    expect((await wx.postPlain(msg(), { timestamp: wx.timestamp(-301) })).status).toBe(401);
    expect((await wx.postPlain(msg(), { timestamp: wx.timestamp(+301) })).status).toBe(401);
    expect((await wx.postSafe(msg(), { timestamp: wx.timestamp(-600) })).status).toBe(401);
    expect((await wx.postSafe(msg(), { appId: 'wx0000000000000000' })).status).toBe(401);
    const forged = await wx.postEnvelope(
      `<xml><Encrypt><![CDATA[${OFFICIAL.encrypt}]]></Encrypt></xml>`,
      'other',
    );
    expect(forged.status).toBe(401);
    expect((await wx.postPlain('<xml><ToUserName>gh_1</ToUserName>')).status).toBe(400);
    expect((await wx.postPlain('<xml><MsgType>text</MsgType></xml>')).status).toBe(400);
    const badB64 = await wx.postEnvelope('<xml><Encrypt><![CDATA[%%%]]></Encrypt></xml>', '%%%');
    expect(badB64.status).toBe(400);
    const huge = textXml({ from: 'oAttacker', msgId: nextMsgId(), content: '长'.repeat(30_000) });
    const tooLarge = await wx.postPlain(huge);
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.text).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await wechatRowCount(s)).toBe(before);
  });

  test('subscribe gets a welcome; other events a bare success; a duplicate event is stored once', async () => {
    const t = unix();
    const sub = await wx.postPlain(eventXml({ from: 'oEvents', event: 'subscribe', createTime: t }));
    expect(parseWechatXml(sub.text).Content).toBe(WECHAT_TEXTS.welcome);
    const again = await wx.postPlain(eventXml({ from: 'oEvents', event: 'subscribe', createTime: t }));
    expect(parseWechatXml(again.text).Content).toBe(WECHAT_TEXTS.welcome);
    expect(await wechatRows(s, `event:oEvents:${t}`)).toHaveLength(1);
    const others = [
      eventXml({ from: 'oEvents', event: 'unsubscribe', createTime: t + 1 }),
      eventXml({
        from: 'oEvents',
        event: 'VIEW',
        eventKey: 'https://12345.example.gov.cn/',
        createTime: t + 2,
      }),
      eventXml({ from: 'oEvents', event: 'CLICK', eventKey: 'OTHER_KEY', createTime: t + 3 }),
      eventXml({ from: 'oEvents', event: 'LOCATION', createTime: t + 4 }).replace(
        '</xml>',
        '<Latitude>31.810077</Latitude><Longitude>119.974454</Longitude><Precision>65.000000</Precision></xml>',
      ),
    ];
    for (const xml of others) expect(await wx.postPlain(xml)).toMatchObject({ status: 200, text: 'success' });
  });

  test('the QUERY_STATUS menu answers with the status and numbers of the sender’s latest tickets', async () => {
    const openId = 'oStatusQuery1';
    const click = () =>
      wx.postPlain(eventXml({ from: openId, event: 'CLICK', eventKey: 'QUERY_STATUS', createTime: unix() }));
    expect(parseWechatXml((await click()).text).Content).toBe(WECHAT_TEXTS.noTickets);

    const c = await signInCast(s);
    const viaConversation = await createTicket(c, { citizen: { phone: '13800000001' } });
    await s.ctx.db.insert(conversations).values({
      channel: 'wechat',
      externalUserId: openId,
      status: 'ticketed',
      ticketId: viaConversation.id,
    });
    const viaCitizen = await createTicket(c, { citizen: { phone: '13800000002' } });
    const [t2] = await s.ctx.db.select().from(tickets).where(eq(tickets.id, viaCitizen.id));
    await s.ctx.db.update(citizens).set({ wechatOpenId: openId }).where(eq(citizens.id, t2!.citizenId!));
    await createTicket(c, { citizen: { phone: '13800000003' } }); // someone else's

    const content = parseWechatXml((await click()).text).Content!;
    expect(content.split('\n')).toEqual([
      WECHAT_TEXTS.statusHeader,
      `1. ${viaCitizen.no} 已登记`,
      `2. ${viaConversation.no} 已登记`,
    ]);
    // A message from that sender now names the ticket in the receipt.
    const res = await wx.postPlain(textXml({ from: openId, msgId: nextMsgId() }));
    expect(parseWechatXml(res.text).Content).toBe(
      WECHAT_TEXTS.received + WECHAT_TEXTS.ticketNo(viaCitizen.no),
    );
  });
});

describe('store first, process later', () => {
  test('with Redis disconnected the message is still stored and answered; once workers run it is processed', async () => {
    const msgId = nextMsgId();
    s.ctx.redis.disconnect();
    try {
      const res = await wx.postPlain(textXml({ from: 'oRedisDown', msgId, content: '停水了' }));
      expect(res.status).toBe(200);
      expect(parseWechatXml(res.text).Content).toBe(WECHAT_TEXTS.received);
      const [row] = await wechatRows(s, `msg:${msgId}`);
      expect(row!.status).toBe('received');
    } finally {
      await s.ctx.redis.connect();
    }
    workers = await startTestWorkers(s);
    const [row] = await wechatRows(s, `msg:${msgId}`);
    const [m] = await waitUntil(async () => {
      const r = await conversationMessagesOf(row!.id);
      return r.length ? r : null;
    }, 'the message in the triage inbox');
    expect(m).toMatchObject({ direction: 'in', kind: 'text', content: '停水了' });
    await waitUntil(
      async () => (await wechatRows(s, `msg:${msgId}`))[0]!.status === 'processed',
      'processed',
    );
  });

  test('the same message delivered 3 times, and 3 times at once, is one row, one conversation message, no ticket', async () => {
    const ticketsBefore = await s.ctx.db.select({ n: sql<number>`count(*)::int` }).from(tickets);
    const sequential = nextMsgId();
    const concurrent = nextMsgId();
    const xmlA = textXml({ from: 'oRetry', msgId: sequential, content: '井盖缺失' });
    const xmlB = textXml({ from: 'oRetry', msgId: concurrent, content: '路灯不亮' });
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await wx.postPlain(xmlA));
    replies.push(...(await Promise.all([1, 2, 3].map(() => wx.postSafe(xmlB)))));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (const r of replies.slice(0, 3)) expect(parseWechatXml(r.text).Content).toBe(WECHAT_TEXTS.received);
    for (const r of replies.slice(3)) expect(openEncryptedReply(r.text).Content).toBe(WECHAT_TEXTS.received);

    for (const msgId of [sequential, concurrent]) {
      const rows = await wechatRows(s, `msg:${msgId}`);
      expect(rows).toHaveLength(1);
      await waitUntil(
        async () => (await wechatRows(s, `msg:${msgId}`))[0]!.status === 'processed',
        'processed',
      );
      expect(await conversationMessagesOf(rows[0]!.id)).toHaveLength(1);
    }
    const convs = await s.ctx.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.channel, 'wechat'), eq(conversations.externalUserId, 'oRetry')));
    expect(convs).toHaveLength(1);
    const ticketsAfter = await s.ctx.db.select({ n: sql<number>`count(*)::int` }).from(tickets);
    expect(ticketsAfter[0]!.n - ticketsBefore[0]!.n).toBeLessThanOrEqual(1);
  });

  test('image, voice and location messages reach the triage inbox with their data; events open no conversation', async () => {
    const from = 'oMediaSender';
    const t = unix();
    const head = (type: string, id: string) =>
      `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
      `<CreateTime>${t}</CreateTime><MsgType><![CDATA[${type}]]></MsgType><MsgId>${id}</MsgId>`;
    const ids = [nextMsgId(), nextMsgId(), nextMsgId()];
    const bodies = [
      `${head('image', ids[0]!)}<PicUrl><![CDATA[https://mmbiz.qpic.cn/a.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId></xml>`,
      `${head('voice', ids[1]!)}<MediaId><![CDATA[m2]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[垃圾没人清运]]></Recognition></xml>`,
      `${head('location', ids[2]!)}<Location_X>31.810077</Location_X><Location_Y>119.974454</Location_Y><Scale>15</Scale><Label><![CDATA[常州市新北区]]></Label></xml>`,
    ];
    for (const b of bodies) expect(parseWechatXml((await wx.postSafe(b)).text)).toHaveProperty('Encrypt');
    await wx.postPlain(eventXml({ from: 'oOnlyEvents', event: 'subscribe', createTime: t }));

    const messages = [];
    for (const id of ids) {
      const [row] = await wechatRows(s, `msg:${id}`);
      const [m] = await waitUntil(async () => {
        const r = await conversationMessagesOf(row!.id);
        return r.length ? r : null;
      }, `message ${id} in triage`);
      messages.push(m!);
    }
    expect(messages[0]).toMatchObject({
      kind: 'image',
      data: { PicUrl: 'https://mmbiz.qpic.cn/a.jpg', MediaId: 'm1' },
    });
    expect(messages[1]).toMatchObject({ kind: 'voice', content: '垃圾没人清运', data: { Format: 'amr' } });
    expect(messages[2]).toMatchObject({
      kind: 'location',
      content: '常州市新北区',
      data: { Location_X: '31.810077', Location_Y: '119.974454' },
    });
    await waitUntil(
      async () => (await wechatRows(s, `event:oOnlyEvents:${t}`))[0]!.status === 'processed',
      'the event processed',
    );
    const convs = await s.ctx.db
      .select()
      .from(conversations)
      .where(eq(conversations.externalUserId, 'oOnlyEvents'));
    expect(convs).toHaveLength(0);
    const failed = await s.ctx.db.select().from(inboundMessages).where(eq(inboundMessages.status, 'failed'));
    expect(failed).toHaveLength(0);
  });
});

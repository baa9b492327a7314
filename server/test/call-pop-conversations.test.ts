import { randomUUID } from 'node:crypto';
import type { TCallRingingMessage } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import { connectSocket, waitUntil } from '../../workers/test/support/worker-harness';
import { appendInboundToConversation } from '../src/channels/conversations';
import { inboundMessages } from '../src/infra/db/schema';
import { callScript, CTI_ENV, newCallId, postCti, ringing } from './channels/cti.fixtures';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

let s: TTestServer;
let agent: ApiClient;

beforeAll(async () => {
  s = await startTestServer('call_pop_conversations', { env: CTI_ENV });
  agent = await s.login('agent1');
}, 60_000);
afterAll(async () => s?.stop());

// Message times a minute apart, starting an hour ago: an agent's reply (stamped now) comes after them.
let clock = Date.now() - 3_600_000;
const nextTime = () => new Date((clock += 60_000));

/** A citizen's WeChat / Weibo messages as the channel intake stores them (see triage.test.ts). */
async function citizenSays(
  channel: 'wechat' | 'weibo',
  externalUserId: string,
  ...texts: string[]
): Promise<string> {
  let conversationId = '';
  for (const text of texts) {
    const at = nextTime();
    const [row] = await s.ctx.db
      .insert(inboundMessages)
      .values({ channel, externalId: randomUUID(), body: text, receivedAt: at })
      .returning({ id: inboundMessages.id });
    const { conversation } = await s.ctx.db.transaction((tx) =>
      appendInboundToConversation(tx, {
        channel,
        externalUserId,
        accountId: 'gh_hotline',
        inboundMessageId: row!.id,
        kind: 'text',
        content: text,
        at,
      }),
    );
    conversationId = conversation.id;
  }
  return conversationId;
}

/** Turns a conversation into a ticket with the caller's phone: ties the channel identity to the citizen. */
async function convertWithPhone(conversationId: string, phone: string) {
  const res = await agent.post(`/conversations/${conversationId}/ticket`, {
    type: 'complaint',
    title: '小区噪音扰民',
    description: '楼下商铺音响每晚开到很晚',
    citizen: { phone },
  });
  expect(res.status).toBe(201);
  return res.body.ticket as { id: string; no: string };
}

/** Rings `phone` at `ext`, registered by `who`, and returns the pop that reached them. */
async function popFor(who: ApiClient, ext: string, phone: string): Promise<TCallRingingMessage> {
  expect((await who.post('/calls/extension', { ext })).status).toBe(200);
  const sock = await connectSocket(s, who.cookie);
  const got: TCallRingingMessage[] = [];
  sock.socket.on('call.ringing', (m: TCallRingingMessage) => got.push(m));
  try {
    const callId = newCallId();
    const [ring] = callScript(callId, new Date(), [{ atS: 0, ...ringing(phone, ext) }]);
    expect((await postCti(s, JSON.stringify(ring))).status).toBe(200);
    return await waitUntil(() => got.find((m) => m.callId === callId), 'the pop', 2000, 10);
  } finally {
    sock.close();
  }
}

describe("the screen pop's open conversations", () => {
  const phone = '13800002020';

  test("shows the caller's open WeChat and Weibo conversations, newest first, and only the open ones", async () => {
    // Earlier conversations that became tickets tie the caller's OpenID and Weibo uid to the phone.
    const oldWechat = await citizenSays('wechat', 'o-caller-2020', '上个月反映的噪音');
    await convertWithPhone(oldWechat, phone);
    const oldWeibo = await citizenSays('weibo', 'w-caller-2020', '微博上说过一次');
    await convertWithPhone(oldWeibo, phone);

    // Now the caller writes again on both channels (new, open conversations without a citizen id).
    const wechat = await citizenSays('wechat', 'o-caller-2020', '你好', '楼下噪音又开始了，已经连续三晚');
    const weibo = await citizenSays('weibo', 'w-caller-2020', '@常州12345 噪音问题还没解决');
    // Someone else's open conversation, and one of the caller's that an agent closed.
    await citizenSays('wechat', 'o-someone-else', '公积金怎么提取');
    const closed = await citizenSays('weibo', 'w-caller-2020-closed', '已经解决了');
    expect((await agent.post(`/conversations/${closed}/close`, {})).status).toBe(200);

    const pop = await popFor(agent, '8201', phone);
    expect(pop.conversations).toEqual([
      {
        id: weibo,
        channel: 'weibo',
        lastMessageAt: expect.any(String),
        unansweredCount: 1,
        preview: '@常州12345 噪音问题还没解决',
      },
      {
        id: wechat,
        channel: 'wechat',
        lastMessageAt: expect.any(String),
        unansweredCount: 2,
        preview: '楼下噪音又开始了，已经连续三晚',
      },
    ]);
    expect(Date.parse(pop.conversations[0]!.lastMessageAt)).toBeGreaterThan(
      Date.parse(pop.conversations[1]!.lastMessageAt),
    );
  });

  test('counts only what the citizen said since the last answer, and shortens a long message', async () => {
    const conv = await citizenSays('wechat', 'o-caller-2020', '再补充一句');
    expect((await agent.post(`/conversations/${conv}/reply`, { content: '您好，已收到' })).status).toBe(201);
    clock = Date.now();
    const long = '噪音'.repeat(50);
    await citizenSays('wechat', 'o-caller-2020', long);

    const pop = await popFor(agent, '8201', phone);
    const wechat = pop.conversations.find((c) => c.id === conv)!;
    expect(wechat.unansweredCount).toBe(1);
    expect(wechat.preview).toBe(`${long.slice(0, 60)}…`);
  });

  test('lists earlier tickets open first even when a closed one is newer', async () => {
    const older = await agent.post('/tickets', {
      type: 'complaint',
      title: '较早的未办结工单',
      description: '路灯不亮',
      citizen: { phone: '13800002021' },
    });
    const newer = await agent.post('/tickets', {
      type: 'consultation',
      title: '较新的已办结工单',
      description: '咨询公积金',
      citizen: { phone: '13800002021' },
    });
    expect([older.status, newer.status]).toEqual([201, 201]);
    // A fixture shortcut: the lifecycle itself is tested elsewhere; here only the status matters.
    await s.ctx.db.execute(sql`update tickets set status = 'closed' where id = ${newer.body.ticket.id}`);

    const pop = await popFor(agent, '8202', '13800002021');
    expect(pop.history.map((t) => [t.no, t.status])).toEqual([
      [older.body.ticket.no, 'registered'],
      [newer.body.ticket.no, 'closed'],
    ]);
    expect(pop.conversations).toEqual([]);
  });

  test("a district branch's dispatcher gets no conversations: the inbox is the city centre's", async () => {
    const branch = await s.login('tn_dispatcher');
    const pop = await popFor(branch, '8203', phone);
    expect(pop.caller).toBe(phone);
    expect(pop.conversations).toEqual([]);
  });
});

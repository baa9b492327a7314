import { randomUUID } from 'node:crypto';
import { connectSocket, startTestWorkers, waitUntil } from '../../workers/test/support/worker-harness';
import { appendInboundToConversation } from '../src/channels/conversations';
import { ROUTE_TABLE } from '../src/infra/http/route-table';
import { inboundMessages } from '../src/infra/db/schema';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

let s: TTestServer;
let agent: ApiClient;
let supervisor: ApiClient;

beforeAll(async () => {
  s = await startTestServer('triage');
  [agent, supervisor] = await Promise.all([s.login('agent1'), s.login('supervisor1')]);
}, 60_000);
afterAll(async () => s?.stop());

let clock = Date.parse('2026-03-02T01:00:00Z');
const nextTime = () => new Date((clock += 60_000));

/**
 * A citizen's messages as the channel intake stores them. The raw rows are inserted without the
 * outbox row storeInbound adds, so no intake job (owned by the adapters) runs on these bodies.
 */
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

const ticketBody = (overrides: Record<string, unknown> = {}) => ({
  type: 'complaint',
  title: '小区垃圾无人清运',
  description: '三天没有人收垃圾了',
  ...overrides,
});

async function outboundTo(recipient: string) {
  const res = await s.ctx.pool.query(
    `select channel, recipient, content, conversation_id, ticket_id, provider from outbound_messages
     where recipient = $1 order by created_at`,
    [recipient],
  );
  return res.rows as {
    channel: string;
    content: string;
    conversation_id: string;
    ticket_id: string | null;
  }[];
}

describe('the triage inbox', () => {
  test('lists open conversations newest first with channel, preview, counts, and pages by cursor', async () => {
    const a = await citizenSays('wechat', 'o-list-a', '你好', '路灯坏了');
    const b = await citizenSays('weibo', 'w-list-b', '噪音扰民');
    const c = await citizenSays('wechat', 'o-list-c', '咨询公积金');

    const first = await agent.get('/conversations?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([c, b]);
    expect(first.body.items[1]).toMatchObject({
      channel: 'weibo',
      externalUserId: 'w-list-b',
      status: 'open',
      messageCount: 1,
      unansweredCount: 1,
      preview: { direction: 'in', kind: 'text', content: '噪音扰民' },
      ticketNo: null,
    });
    const second = await agent.get(`/conversations?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0]).toMatchObject({ id: a, messageCount: 2, preview: { content: '路灯坏了' } });

    const weibo = await agent.get('/conversations?channel=weibo');
    expect(weibo.body.items.every((i: { channel: string }) => i.channel === 'weibo')).toBe(true);
    expect((await agent.get('/conversations?status=pending')).status).toBe(400);
    expect((await agent.get('/conversations?cursor=bm9wZQ')).status).toBe(400);
  });

  test('shows the thread oldest first and the citizen’s earlier conversations and tickets', async () => {
    const earlier = await citizenSays('wechat', 'o-history', '上个月的问题');
    const converted = await agent.post(`/conversations/${earlier}/ticket`, ticketBody());
    expect(converted.status).toBe(201);
    const now = await citizenSays('wechat', 'o-history', '第一句', '第二句');
    expect(now).not.toBe(earlier);

    const res = await agent.get(`/conversations/${now}`);
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m: { content: string }) => m.content)).toEqual(['第一句', '第二句']);
    expect(res.body.history.conversations).toEqual([
      expect.objectContaining({ id: earlier, status: 'ticketed', ticketNo: converted.body.ticket.no }),
    ]);
    expect(res.body.history.tickets).toEqual([
      expect.objectContaining({ id: converted.body.ticket.id, channel: 'wechat', title: '小区垃圾无人清运' }),
    ]);
    expect((await agent.get(`/conversations/${randomUUID()}`)).status).toBe(404);
  });

  test('a reply goes out through the provider and joins the thread as an agent’s message', async () => {
    const id = await citizenSays('wechat', 'o-reply', '请问办事大厅几点下班');
    const res = await agent.post(`/conversations/${id}/reply`, { content: '工作日17:30下班' });
    expect(res.status).toBe(201);
    expect(await outboundTo('o-reply')).toEqual([
      expect.objectContaining({
        channel: 'wechat',
        content: '工作日17:30下班',
        conversation_id: id,
        provider: 'record',
      }),
    ]);
    const detail = await agent.get(`/conversations/${id}`);
    expect(detail.body.messages.at(-1)).toMatchObject({
      direction: 'out',
      content: '工作日17:30下班',
      authorName: expect.any(String),
    });
    expect(detail.body.conversation).toMatchObject({ unansweredCount: 0, messageCount: 2 });
    expect((await agent.post(`/conversations/${id}/reply`, { content: '  ' })).status).toBe(400);
  });

  test('turns a conversation into a wechat ticket, links the citizen and confirms the number', async () => {
    const id = await citizenSays('wechat', 'o-convert', '楼下餐馆油烟很大');
    const res = await supervisor.post(
      `/conversations/${id}/ticket`,
      ticketBody({ citizen: { phone: '13800002222', name: '陈女士' } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.conversation).toMatchObject({ status: 'ticketed', ticketId: res.body.ticket.id });
    const ticket = await agent.get(`/tickets/${res.body.ticket.id}`);
    expect(ticket.body.ticket).toMatchObject({ channel: 'wechat', status: 'registered' });

    const citizen = await s.ctx.pool.query(
      `select ci.wechat_openid, ci.phone_masked from tickets t join citizens ci on ci.id = t.citizen_id where t.id = $1`,
      [res.body.ticket.id],
    );
    expect(citizen.rows[0]).toEqual({ wechat_openid: 'o-convert', phone_masked: '138****2222' });
    const sent = await outboundTo('o-convert');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.content).toContain(res.body.ticket.no);
    expect(sent[0]!.ticket_id).toBe(res.body.ticket.id);
  });

  test('without a phone the ticket’s citizen is a record of the channel id alone', async () => {
    const id = await citizenSays('weibo', 'w-nophone', '公交站牌倒了');
    const res = await agent.post(`/conversations/${id}/ticket`, ticketBody({ type: 'help' }));
    expect(res.status).toBe(201);
    const citizen = await s.ctx.pool.query(
      `select ci.weibo_uid, ci.phone_hash, ci.wechat_openid from tickets t
       join citizens ci on ci.id = t.citizen_id where t.id = $1`,
      [res.body.ticket.id],
    );
    expect(citizen.rows[0]).toEqual({ weibo_uid: 'w-nophone', phone_hash: null, wechat_openid: null });
  });

  test('a phone given later folds the channel-only citizen into the phone’s, whose phone tickets join the history', async () => {
    const first = await citizenSays('wechat', 'o-fold', '第一次反映');
    const noPhone = await agent.post(`/conversations/${first}/ticket`, ticketBody());
    const byPhone = await agent.post(
      '/tickets',
      ticketBody({ title: '电话反映', citizen: { phone: '13900003333' } }),
    );
    expect(byPhone.status).toBe(201);
    const second = await citizenSays('wechat', 'o-fold', '第二次反映');
    const withPhone = await agent.post(
      `/conversations/${second}/ticket`,
      ticketBody({ citizen: { phone: '13900003333' } }),
    );
    expect(withPhone.status).toBe(201);

    const owners = await s.ctx.pool.query(
      `select distinct ci.wechat_openid, ci.phone_masked from tickets t join citizens ci on ci.id = t.citizen_id
       where t.id = any($1::uuid[])`,
      [[noPhone.body.ticket.id, byPhone.body.ticket.id, withPhone.body.ticket.id]],
    );
    expect(owners.rows).toEqual([{ wechat_openid: 'o-fold', phone_masked: '139****3333' }]);

    const third = await citizenSays('wechat', 'o-fold', '第三次');
    const history = await agent.get(`/conversations/${third}`);
    expect(history.body.history.tickets.map((t: { id: string }) => t.id).sort()).toEqual(
      [noPhone.body.ticket.id, byPhone.body.ticket.id, withPhone.body.ticket.id].sort(),
    );
  });

  test('converting twice makes one ticket and the second answer is 409', async () => {
    const id = await citizenSays('wechat', 'o-twice', '井盖丢了');
    expect((await agent.post(`/conversations/${id}/ticket`, ticketBody())).status).toBe(201);
    const again = await agent.post(`/conversations/${id}/ticket`, ticketBody());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    const tickets = await s.ctx.pool.query(`select id from tickets where idempotency_key = $1`, [
      `conv:${id}`,
    ]);
    expect(tickets.rowCount).toBe(1);
  });

  test('concurrent conversions of one conversation make one ticket and one confirmation', async () => {
    const id = await citizenSays('wechat', 'o-race', '小区停水了');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => agent.post(`/conversations/${id}/ticket`, ticketBody())),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    const tickets = await s.ctx.pool.query(`select id from tickets where idempotency_key = $1`, [
      `conv:${id}`,
    ]);
    expect(tickets.rowCount).toBe(1);
    expect(await outboundTo('o-race')).toHaveLength(1);
  });

  test('a closed conversation takes no reply, no ticket and no second close', async () => {
    const id = await citizenSays('weibo', 'w-close', '谢谢');
    const closed = await agent.post(`/conversations/${id}/close`, { note: '致谢，无需处理' });
    expect(closed.status).toBe(200);
    expect(closed.body.conversation.status).toBe('closed');
    expect((await agent.post(`/conversations/${id}/reply`, { content: '不客气' })).status).toBe(409);
    expect((await agent.post(`/conversations/${id}/ticket`, ticketBody())).status).toBe(409);
    expect((await agent.post(`/conversations/${id}/close`, {})).status).toBe(409);
    expect(await outboundTo('w-close')).toHaveLength(0);
    const listed = await agent.get('/conversations?status=closed&channel=weibo');
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const detail = await agent.get(`/conversations/${id}`);
    expect(detail.body.messages.at(-1)).toMatchObject({
      direction: 'note',
      kind: 'closed',
      content: '致谢，无需处理',
    });
    expect((await agent.post(`/conversations/${randomUUID()}/close`, {})).status).toBe(404);
  });

  test('a conversation that became a 12388 report hides its content from those who may not read it', async () => {
    const id = await citizenSays('wechat', 'o-12388', '举报某科长收受红包');
    const res = await agent.post(
      `/conversations/${id}/ticket`,
      ticketBody({ line: '12388', type: 'report' }),
    );
    expect(res.status).toBe(201);
    const detail = await agent.get(`/conversations/${id}`);
    expect(detail.body.conversation).toMatchObject({ redacted: true, preview: { content: null } });
    expect(JSON.stringify(detail.body)).not.toContain('红包');
    const list = await agent.get('/conversations?status=ticketed');
    expect(JSON.stringify(list.body)).not.toContain('红包');
  });

  test.each(['cgj_handler', 'cgj_manager', 'tn_street_handler', 'tn_dispatcher'])(
    '%s gets 403 from every triage route',
    async (username) => {
      const id = await citizenSays('wechat', `o-403-${username}`, '你好');
      const client = await s.login(username);
      const routes = ROUTE_TABLE.filter((r) => r.tag === 'triage');
      expect(routes).toHaveLength(5);
      for (const r of routes) {
        const path = r.path.replace(':id', id);
        const res =
          r.method === 'get'
            ? await client.get(path)
            : await client.post(path, path.endsWith('/reply') ? { content: '你好' } : ticketBody());
        expect([r.path, res.status]).toEqual([r.path, 403]);
      }
      expect(await outboundTo(`o-403-${username}`)).toHaveLength(0);
    },
  );
});

describe('live updates', () => {
  test('agents at the centre receive conversation.updated on reply, conversion and close', async () => {
    const workers = await startTestWorkers(s);
    const sock = await connectSocket(s, agent.cookie);
    const seen: { conversationId: string }[] = [];
    sock.socket.on('conversation.updated', (m: { conversationId: string }) => seen.push(m));
    try {
      const id = await citizenSays('wechat', 'o-live', '有人吗');
      await waitUntil(() => seen.some((m) => m.conversationId === id), 'the inbound update');
      const count = () => seen.filter((m) => m.conversationId === id).length;
      expect((await agent.post(`/conversations/${id}/reply`, { content: '您好，请讲' })).status).toBe(201);
      await waitUntil(() => count() >= 2, 'the reply update');
      expect((await agent.post(`/conversations/${id}/ticket`, ticketBody())).status).toBe(201);
      await waitUntil(() => count() >= 3, 'the conversion update');
      const other = await citizenSays('weibo', 'w-live', '再见');
      expect((await agent.post(`/conversations/${other}/close`, {})).status).toBe(200);
      await waitUntil(() => seen.filter((m) => m.conversationId === other).length >= 2, 'the close update');
    } finally {
      sock.close();
      await workers.close();
    }
  }, 30_000);
});

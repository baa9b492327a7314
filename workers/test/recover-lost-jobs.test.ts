import { createLogger } from '../../server/src/infra/logger';
import { nextMsgId, textXml, WECHAT_ENV, WechatPlatform } from '../../server/test/channels/wechat-client';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { parseWorkerConfig } from '../src/config';
import { startWorkers, type TRunningWorkers } from '../src/index';
import { recoverLostJobs } from '../src/outbox/recover-lost-jobs';
import { startPrivateRedis, type TPrivateRedis } from './support/private-redis';
import { idOf, pendingOutbox, waitUntil, workerEnvFor } from './support/worker-harness';

jest.setTimeout(60_000);

let s: TTestServer;
let redis: TPrivateRedis;
let w: TRunningWorkers | undefined;

beforeAll(async () => {
  s = await startTestServer('wk_recover', { env: WECHAT_ENV });
  redis = await startPrivateRedis();
});
afterAll(async () => {
  await w?.close();
  await redis?.stop();
  await s?.stop();
});

test('a ticket and a channel message whose jobs Redis lost are routed and processed by the next worker', async () => {
  const agent = await s.login('agent1');
  const leafId = await idOf(s, 'categories', '0101'); // 违章建筑 → 市城管局
  const ticket = (
    await agent.post('/tickets', {
      type: 'report',
      channel: 'web',
      categoryId: leafId,
      title: '楼顶违章搭建',
      description: '顶楼住户搭建阳光房',
    })
  ).body.ticket;
  const msgId = nextMsgId();
  const pushed = await new WechatPlatform(s, () => new Date()).postPlain(
    textXml({ from: 'oRecoverLost1', msgId, content: '小区门口垃圾没人清运' }),
  );
  expect(pushed.status).toBe(200);

  // The relay handed both jobs to a Redis that then lost its data: the rows say sent, nothing is queued.
  await s.ctx.pool.query(`update outbox set dispatched_at = now() where dispatched_at is null`);
  expect(await pendingOutbox(s)).toEqual([]);
  expect(await redis.dbSize()).toBe(0);

  w = await startWorkers(parseWorkerConfig({ ...workerEnvFor(s), REDIS_URL: redis.url }), {
    logger: createLogger({ level: 'silent' }),
  });
  const cgjUnitId = await idOf(s, 'units', 'cgj');
  await waitUntil(async () => {
    const { rows } = await s.ctx.pool.query(`select status, lead_unit_id from tickets where id = $1`, [
      ticket.id,
    ]);
    return rows[0].status === 'dispatched' && rows[0].lead_unit_id === cgjUnitId;
  }, 'the ticket to be routed to its unit');
  await waitUntil(async () => {
    const { rows } = await s.ctx.pool.query(
      `select i.status, (select count(*)::int from conversation_messages m where m.inbound_message_id = i.id) as n
       from inbound_messages i where i.channel = 'wechat' and i.external_id = $1`,
      [`msg:${msgId}`],
    );
    return rows[0]?.status === 'processed' && rows[0].n === 1;
  }, 'the WeChat message to reach the triage inbox');
  const dispatched = await s.ctx.pool.query(
    `select count(*)::int as n from ticket_events where ticket_id = $1 and type = 'ticket.dispatched'`,
    [ticket.id],
  );
  expect(dispatched.rows[0].n).toBe(1);
});

test('a channel message whose intake job used up its attempts gets another run from the recovery pass', async () => {
  w ??= await startWorkers(parseWorkerConfig({ ...workerEnvFor(s), REDIS_URL: redis.url }), {
    logger: createLogger({ level: 'silent' }),
  });
  const msgId = nextMsgId();
  const pushed = await new WechatPlatform(s, () => new Date()).postPlain(
    textXml({ from: 'oRecoverLost2', msgId, content: '路灯坏了一个月没人修' }),
  );
  expect(pushed.status).toBe(200);
  const inboundOf = async () =>
    (
      await s.ctx.pool.query<{ id: string; status: string; body: string; n: number }>(
        `select i.id, i.status, i.body,
           (select count(*)::int from conversation_messages m where m.inbound_message_id = i.id) as n
         from inbound_messages i where i.channel = 'wechat' and i.external_id = $1`,
        [`msg:${msgId}`],
      )
    ).rows[0]!;
  const stored = await inboundOf();
  // Processed at once by the webhook, or by the worker: wind it back to a message whose every
  // attempt failed (its body unreadable, its job failed with no attempts left).
  await waitUntil(async () => (await inboundOf()).status === 'processed', 'the first processing');
  await s.ctx.pool.query(`delete from conversation_messages where inbound_message_id = $1`, [stored.id]);
  await s.ctx.pool.query(`update inbound_messages set status = 'received', body = 'garbled' where id = $1`, [
    stored.id,
  ]);
  const queue = w.queues.intake;
  await (await queue.getJob(`intake-${stored.id}`))?.remove();
  await queue.add(
    'process-inbound',
    { v: 1, inboundId: stored.id },
    { jobId: `intake-${stored.id}`, attempts: 1 },
  );
  await waitUntil(
    async () => (await queue.getJob(`intake-${stored.id}`))?.isFailed() ?? false,
    'the job to fail',
  );
  expect((await inboundOf()).status).toBe('failed');

  // The cause goes away (the database is back, a fixed processor is deployed); the next pass retries.
  await s.ctx.pool.query(`update inbound_messages set body = $2 where id = $1`, [stored.id, stored.body]);
  const r = await recoverLostJobs({
    pool: s.ctx.pool,
    redis: w.ctx.redis,
    redisPrefix: workerEnvFor(s).REDIS_PREFIX!,
    queues: w.queues,
    logger: createLogger({ level: 'silent' }),
    now: () => new Date(),
  });
  expect(r.retried).toBe(1);
  await waitUntil(async () => {
    const row = await inboundOf();
    return row.status === 'processed' && row.n === 1;
  }, 'the retried message to reach the triage inbox');
});

import { UnrecoverableError } from 'bullmq';
import { Client } from 'pg';
import { startTestServer, type ApiClient, type TTestServer } from '../../server/test/support/harness';
import { routingHandler } from '../src/jobs/routing.handler';
import { routingJob } from '../src/jobs/routing.job';
import { eventsOf, idOf } from './support/worker-harness';

// No relay runs in this file: the routing jobs are run by hand, as often as a test likes.
let s: TTestServer;
let agent: ApiClient;
let dispatcher: ApiClient;
let route: ReturnType<typeof routingHandler>;

beforeAll(async () => {
  s = await startTestServer('wk_routing');
  agent = await s.login('agent1');
  dispatcher = await s.login('dispatcher1');
  route = routingHandler(s.ctx);
});
afterAll(async () => s?.stop());

async function ticket(overrides: Record<string, unknown>): Promise<string> {
  const res = await agent.post('/tickets', {
    type: 'complaint',
    title: '违章搭建',
    description: '楼顶搭建彩钢棚',
    ...overrides,
  });
  expect(res.status).toBe(201);
  return res.body.ticket.id as string;
}

const run = (ticketId: string, jobId = 'test') => route({ id: jobId, data: routingJob(ticketId).data });

const ticketRow = async (id: string) =>
  (await s.ctx.pool.query(`select status, lead_unit_id, version from tickets where id = $1`, [id]))
    .rows[0] as {
    status: string;
    lead_unit_id: string | null;
    version: number;
  };

test('a web ticket with a leaf category is dispatched to its unit once, however often its job runs', async () => {
  const id = await ticket({ channel: 'web', categoryId: await idOf(s, 'categories', '0101') });
  const cgjUnitId = await idOf(s, 'units', 'cgj');

  const first = await run(id);
  const again = await Promise.all([run(id), run(id)]);
  expect(first).toEqual({ outcome: 'dispatched', unitId: cgjUnitId });
  expect(again).toEqual([
    { outcome: 'skipped', reason: 'not_registered' },
    { outcome: 'skipped', reason: 'not_registered' },
  ]);
  expect(await eventsOf(s, id, 'ticket.dispatched')).toHaveLength(1);
  const assignments = await s.ctx.pool.query(`select unit_id, role from assignments where ticket_id = $1`, [
    id,
  ]);
  expect(assignments.rows).toEqual([{ unit_id: cgjUnitId, role: 'lead' }]);
  expect(await ticketRow(id)).toMatchObject({ status: 'dispatched', lead_unit_id: cgjUnitId });
});

test('two copies of a routing job running at the same moment dispatch once', async () => {
  const id = await ticket({ channel: 'open311', categoryId: await idOf(s, 'categories', '0102') });
  const outcomes = await Promise.all([run(id, 'a'), run(id, 'b'), run(id, 'c')]);
  expect(outcomes.filter((o) => o.outcome === 'dispatched')).toHaveLength(1);
  expect(await eventsOf(s, id, 'ticket.dispatched')).toHaveLength(1);
});

test('a phone ticket gets one routing suggestion for the dispatcher, and stays registered', async () => {
  const id = await ticket({ channel: 'phone', categoryId: await idOf(s, 'categories', '0101') });
  const before = await ticketRow(id);

  expect(await run(id)).toMatchObject({ outcome: 'suggested' });
  expect(await run(id)).toEqual({ outcome: 'skipped', reason: 'already_suggested' });

  const suggested = await eventsOf(s, id, 'ticket.routing_suggested');
  expect(suggested).toHaveLength(1);
  // no model trained and no catalogue rule here: the category's unit, unweighed
  expect(suggested[0]!.payload).toEqual({
    suggestions: [
      {
        unitId: await idOf(s, 'units', 'cgj'),
        unitName: '市城管局',
        confidence: 0.5,
        reason: 'category default',
      },
    ],
    categories: [],
    modelTrainedAt: null,
  });
  expect(await ticketRow(id)).toEqual({
    status: 'registered',
    lead_unit_id: null,
    version: before.version + 1,
  });
  const outbox = await s.ctx.pool.query(
    `select count(*)::int as n from outbox where aggregate_id = $1 and topic = 'ticket.routing_suggested'`,
    [id],
  );
  expect(outbox.rows[0].n).toBe(1);
});

test('a web ticket filed under a whole group of categories is only suggested, not dispatched', async () => {
  const id = await ticket({ channel: 'web', categoryId: await idOf(s, 'categories', '02') });
  expect(await run(id)).toEqual({ outcome: 'suggested', unitId: await idOf(s, 'units', 'zjj') });
  expect((await ticketRow(id)).status).toBe('registered');
});

test('a ticket a dispatcher already sent elsewhere is left where the dispatcher sent it', async () => {
  const id = await ticket({ channel: 'web', categoryId: await idOf(s, 'categories', '0101') });
  const zjj = await idOf(s, 'units', 'zjj');
  expect((await dispatcher.post(`/tickets/${id}/dispatch`, { unitId: zjj })).status).toBe(200);

  expect(await run(id)).toEqual({ outcome: 'skipped', reason: 'not_registered' });
  expect(await ticketRow(id)).toMatchObject({ status: 'dispatched', lead_unit_id: zjj });
  expect(await eventsOf(s, id, 'ticket.routing_suggested')).toHaveLength(0);
});

test('a threshold above what a structured leaf category is worth leaves even web tickets to the dispatcher', async () => {
  const admin = await s.login('admin');
  expect((await admin.call('PUT', '/settings/dispatch', { autoDispatchMinConfidence: 0.96 })).status).toBe(
    200,
  );
  try {
    const id = await ticket({ channel: 'web', categoryId: await idOf(s, 'categories', '0101') });
    expect(await run(id)).toEqual({ outcome: 'suggested', unitId: await idOf(s, 'units', 'cgj') });
    expect((await eventsOf(s, id, 'ticket.routing_suggested'))[0]!.payload.suggestions).toEqual([
      {
        unitId: await idOf(s, 'units', 'cgj'),
        unitName: '市城管局',
        confidence: 0.95,
        reason: 'category default',
      },
    ]);
    expect((await ticketRow(id)).status).toBe('registered');
  } finally {
    await admin.call('PUT', '/settings/dispatch', { autoDispatchMinConfidence: 0.9 });
  }
});

test('a ticket without a category is left for the dispatcher', async () => {
  const id = await ticket({ channel: 'web' });
  expect(await run(id)).toEqual({ outcome: 'skipped', reason: 'no_default_unit' });
});

test('a ticket like an open one carries its duplicate candidates to the dispatcher, once; a dispatched one does not', async () => {
  const same = {
    title: '小区门口夜市占道',
    description: '每晚小区门口摆摊占道，油烟噪音扰民',
    citizen: { phone: '13700001111' },
  };
  const first = await ticket({ channel: 'phone', ...same });
  const second = await ticket({ channel: 'phone', ...same });
  const dispatched = await ticket({
    channel: 'web',
    categoryId: await idOf(s, 'categories', '0102'),
    ...same,
  });

  expect(await run(second)).toEqual({ outcome: 'skipped', reason: 'no_default_unit' });
  expect(await run(second)).toEqual({ outcome: 'skipped', reason: 'no_default_unit' });
  const events = await eventsOf(s, second, 'ticket.duplicates_suggested');
  expect(events).toHaveLength(1);
  expect(events[0]!.actor_name).toBe('智能派单');
  expect(events[0]!.payload.candidates).toEqual(
    expect.arrayContaining([
      {
        ticketId: first,
        no: expect.any(String),
        score: expect.any(Number),
        reasons: expect.arrayContaining(['same_caller', 'similar_text']),
      },
    ]),
  );

  expect(await run(dispatched)).toMatchObject({ outcome: 'dispatched' });
  expect(await eventsOf(s, dispatched, 'ticket.duplicates_suggested')).toHaveLength(0);
});

test('a routing job that can never succeed fails at once instead of retrying', async () => {
  await expect(route({ id: 'bad', data: { ticketId: 'not-a-uuid' } })).rejects.toBeInstanceOf(
    UnrecoverableError,
  );
  await expect(
    route({ id: 'gone', data: routingJob('00000000-0000-4000-8000-000000000000').data }),
  ).rejects.toBeInstanceOf(UnrecoverableError);
});

test('the router keeps the reference data it read until any of it changes, then reads it again', async () => {
  const leafId = await idOf(s, 'categories', '0101');
  const cgjUnitId = await idOf(s, 'units', 'cgj');
  const first = await ticket({ channel: 'web', categoryId: leafId });
  expect(await run(first)).toEqual({ outcome: 'dispatched', unitId: cgjUnitId });

  // The same kind of ticket again: the category, its unit and the settings come from memory.
  const seen: string[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    seen.push(typeof q === 'string' ? q : (q?.text ?? ''));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    const second = await ticket({ channel: 'web', categoryId: leafId });
    seen.length = 0;
    expect(await run(second)).toEqual({ outcome: 'dispatched', unitId: cgjUnitId });
  } finally {
    Client.prototype.query = original;
  }
  expect(seen.filter((q) => /from "?(categories|settings|dispatch_rules)"?/.test(q))).toEqual([]);

  // A change to the category (any writer: the admin API or plain SQL) applies to the very next ticket.
  const otherUnitId = await idOf(s, 'units', 'zjj');
  await s.ctx.pool.query(`update categories set default_unit_id = $1 where id = $2`, [otherUnitId, leafId]);
  try {
    const third = await ticket({ channel: 'web', categoryId: leafId });
    expect(await run(third)).toEqual({ outcome: 'dispatched', unitId: otherUnitId });
  } finally {
    await s.ctx.pool.query(`update categories set default_unit_id = $1 where id = $2`, [cgjUnitId, leafId]);
  }
});

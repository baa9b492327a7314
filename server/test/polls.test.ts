import { createHash } from 'node:crypto';
import { signInCast, ticketInStatus, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

// 12340 satisfaction polls over closed tickets. The clock is fixed on a day no demo ticket was
// closed on, so the poll period holds exactly the tickets this file closes.
const DAY = '2025-03-12';
const NOW = new Date(`${DAY}T02:00:00Z`); // 10:00 China time, a Wednesday
const PERIOD = { periodFrom: `${DAY}T00:00:00+08:00`, periodTo: `${DAY}T23:59:59+08:00` };
const QUESTIONS = [
  { id: 'result', text: '您对办理结果是否满意？', kind: 'satisfaction' },
  { id: 'contacted', text: '承办单位是否与您联系过？', kind: 'yes_no' },
  { id: 'comment', text: '您还有什么意见或建议？', kind: 'text' },
];

let s: TTestServer;
let c: TCast;
let eligible: string[] = [];
let confidentialId: string;
let phonelessId: string;
let agent2: ApiClient;

type TSample = { id: string; ticketId: string; status: string; satisfaction: string | null };

beforeAll(async () => {
  s = await startTestServer('polls', { clock: () => NOW });
  c = await signInCast(s);
  agent2 = await s.login('agent2');
  const closed: string[] = [];
  for (let i = 0; i < 10; i++) closed.push(await ticketInStatus(c, 'closed'));
  [confidentialId, phonelessId] = closed.slice(8) as [string, string];
  eligible = closed.slice(0, 8); // 56 possible draws of 3: a wrong order rarely passes by luck
  // A 12388 report and a ticket with no phone to call were closed the same day.
  await s.ctx.pool.query(`update tickets set line = '12388', confidential = true where id = $1`, [
    confidentialId,
  ]);
  await s.ctx.pool.query(`update tickets set citizen_id = null where id = $1`, [phonelessId]);
  await ticketInStatus(c, 'resolved'); // not closed: never sampled
}, 120_000);
afterAll(async () => s?.stop());

/** The documented draw, recomputed here: md5(campaign id || ticket id) ascending, first n. */
const expectedDraw = (pollId: string, ticketIds: string[], n: number) =>
  [...ticketIds]
    .sort((a, b) => {
      const ha = createHash('md5')
        .update(pollId + a)
        .digest('hex');
      const hb = createHash('md5')
        .update(pollId + b)
        .digest('hex');
      return ha < hb ? -1 : 1;
    })
    .slice(0, n)
    .sort();

const openPoll = (by: ApiClient, overrides: Record<string, unknown> = {}) =>
  by.post('/polls', {
    name: '2025年3月满意度回访',
    questions: QUESTIONS,
    ...PERIOD,
    sampleSize: 3,
    ...overrides,
  });

const answer = (by: ApiClient, pollId: string, sampleId: string, body: unknown) =>
  by.post(`/polls/${pollId}/samples/${sampleId}/answer`, body);

const answered = (result: string, extra: Record<string, unknown> = {}) => ({
  status: 'answered',
  answers: { result, contacted: true, ...extra },
});

let first: { id: string; samples: TSample[] };
let second: { id: string; samples: TSample[] };

describe('drawing the sample', () => {
  test('a supervisor opens a poll: the sample size is kept and the draw follows the campaign’s md5 order', async () => {
    const res = await openPoll(c.supervisor);
    expect(res.status).toBe(201);
    first = { id: res.body.poll.id, samples: res.body.samples };
    expect(res.body.poll).toMatchObject({
      status: 'open',
      sampleSize: 3,
      progress: { sampled: 3, pending: 3 },
    });
    const drawn = first.samples.map((x) => x.ticketId).sort();
    expect(drawn).toEqual(expectedDraw(first.id, eligible, 3));
    // Read again later: the same sample.
    const again = await c.agent.get(`/polls/${first.id}`);
    expect(again.body.samples.map((x: TSample) => x.ticketId).sort()).toEqual(drawn);
  });

  test('a larger poll takes every remaining closed ticket, never a 12388 report, one without a phone or one already polled', async () => {
    const res = await openPoll(c.admin, { name: '补充抽样', sampleSize: 100 });
    expect(res.status).toBe(201);
    const drawn = (res.body.samples as TSample[]).map((x) => x.ticketId).sort();
    const rest = eligible.filter((id) => !first.samples.some((x) => x.ticketId === id)).sort();
    expect(drawn).toEqual(rest);
    expect(drawn).not.toContain(confidentialId);
    expect(drawn).not.toContain(phonelessId);
    expect(res.body.poll.progress.sampled).toBe(5);
    second = { id: res.body.poll.id, samples: res.body.samples };
  });

  test('a poll over a period with no closed tickets samples nothing', async () => {
    const res = await openPoll(c.supervisor, {
      periodFrom: '2025-03-01T00:00:00+08:00',
      periodTo: '2025-03-02T00:00:00+08:00',
    });
    expect(res.status).toBe(201);
    expect(res.body.samples).toEqual([]);
    expect(res.body.poll.progress).toMatchObject({ sampled: 0, satisfactionRate: null });
  });

  test('the sample list shows ticket number, title and the masked phone, never the number itself', async () => {
    const res = await c.agent.get(`/polls/${first.id}`);
    expect(res.status).toBe(200);
    for (const x of res.body.samples) {
      expect(x.ticketNo).toMatch(/^\d{8}/);
      expect(x.ticketTitle).toBe('道路井盖缺失');
      expect(x.phoneMasked).toMatch(/^139\*{4}5678$/);
    }
    expect(JSON.stringify(res.body)).not.toContain('13912345678');
    expect(JSON.stringify((await c.agent.get('/polls')).body)).not.toContain('13912345678');
  });

  test('a poll needs a satisfaction question and a period that ends after it starts', async () => {
    const noRating = await openPoll(c.supervisor, { questions: [QUESTIONS[1]] });
    expect(noRating.status).toBe(400);
    const backwards = await openPoll(c.supervisor, {
      periodFrom: PERIOD.periodTo,
      periodTo: PERIOD.periodFrom,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.fields.periodTo).toBeDefined();
  });
});

describe('recording answers', () => {
  test('answers feed the progress and the satisfaction rate; an unreachable citizen can be called again', async () => {
    const [a, b, d] = first.samples;
    expect((await answer(c.agent, first.id, a!.id, answered('satisfied'))).status).toBe(200);
    expect((await answer(c.supervisor, first.id, b!.id, answered('basically_satisfied'))).status).toBe(200);
    expect((await answer(c.agent, first.id, d!.id, { status: 'unreachable' })).status).toBe(200);

    let poll = (await c.agent.get(`/polls/${first.id}`)).body.poll;
    expect(poll.progress).toMatchObject({ sampled: 3, pending: 0, answered: 2, unreachable: 1, rated: 2 });
    expect(poll.progress.satisfactionRate).toBe(1);

    const retried = await answer(
      c.agent,
      first.id,
      d!.id,
      answered('unsatisfied', { comment: '问题没解决' }),
    );
    expect(retried.status).toBe(200);
    expect(retried.body.sample).toMatchObject({
      status: 'answered',
      satisfaction: 'unsatisfied',
      answers: { result: 'unsatisfied', contacted: true, comment: '问题没解决' },
      answeredByName: expect.any(String),
    });
    poll = (await c.agent.get(`/polls/${first.id}`)).body.poll;
    expect(poll.progress).toMatchObject({
      answered: 3,
      unreachable: 0,
      rated: 3,
      satisfied: 1,
      basicallySatisfied: 1,
      unsatisfied: 1,
    });
    expect(poll.progress.satisfactionRate).toBeCloseTo(2 / 3);
    const listed = (await c.supervisor.get('/polls')).body.items.find(
      (p: { id: string }) => p.id === first.id,
    );
    expect(listed.progress.satisfactionRate).toBeCloseTo(2 / 3);
  });

  test('answering a sample twice keeps the first answer: the same answer replays, a different one is 409', async () => {
    const sample = first.samples[0]!;
    const replay = await answer(c.agent, first.id, sample.id, answered('satisfied'));
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ replayed: true, sample: { satisfaction: 'satisfied' } });

    const other = await answer(agent2, first.id, sample.id, answered('unsatisfied'));
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('CONFLICT');
    const refused = await answer(c.agent, first.id, sample.id, { status: 'refused' });
    expect(refused.status).toBe(409);
    const row = await s.ctx.pool.query(`select status, satisfaction from poll_samples where id = $1`, [
      sample.id,
    ]);
    expect(row.rows).toEqual([{ status: 'answered', satisfaction: 'satisfied' }]);
  });

  test('answers must fit the questions', async () => {
    const sample = second.samples[0]!;
    const missing = await answer(c.agent, second.id, sample.id, {
      status: 'answered',
      answers: { contacted: true },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields['answers.result']).toBeDefined();
    const unknown = await answer(c.agent, second.id, sample.id, answered('satisfied', { weather: 'sunny' }));
    expect(unknown.status).toBe(400);
    const wrongKind = await answer(
      c.agent,
      second.id,
      sample.id,
      answered('satisfied', { contacted: 'yes' }),
    );
    expect(wrongKind.status).toBe(400);
    const notAnOutcome = await answer(c.agent, second.id, sample.id, { status: 'pending' });
    expect(notAnOutcome.status).toBe(400);
    const row = await s.ctx.pool.query(`select status from poll_samples where id = $1`, [sample.id]);
    expect(row.rows).toEqual([{ status: 'pending' }]);
    const elsewhere = await answer(c.agent, first.id, sample.id, answered('satisfied'));
    expect(elsewhere.status).toBe(404);
  });

  test('a closed poll takes no new answers but still replays a recorded one', async () => {
    const res = await openPoll(c.supervisor, {
      name: '待关闭',
      periodFrom: '2025-03-01T00:00:00+08:00',
      periodTo: '2025-03-02T00:00:00+08:00',
    });
    const closedOnce = await c.supervisor.post(`/polls/${res.body.poll.id}/close`);
    expect(closedOnce.status).toBe(200);
    expect(closedOnce.body.poll.status).toBe('closed');
    expect((await c.admin.post(`/polls/${res.body.poll.id}/close`)).body.poll.status).toBe('closed');

    expect((await c.supervisor.post(`/polls/${first.id}/close`)).status).toBe(200);
    const [a, b] = first.samples;
    const replay = await answer(c.agent, first.id, a!.id, answered('satisfied'));
    expect(replay.body.replayed).toBe(true);
    await s.ctx.pool.query(`update poll_samples set status = 'pending' where id = $1`, [b!.id]);
    const late = await answer(c.agent, first.id, b!.id, answered('satisfied'));
    expect(late.status).toBe(409);
  });
});

describe('who may run polls', () => {
  test('unit users and a district branch get 403; agents answer but do not open or close polls', async () => {
    const [handler, manager, district, street] = await Promise.all(
      ['cgj_handler', 'cgj_manager', 'tn_dispatcher', 'tn_street_handler'].map((u) => s.login(u)),
    );
    for (const who of [handler!, manager!, district!, street!]) {
      expect((await who.get('/polls')).status).toBe(403);
      expect((await who.get(`/polls/${first.id}`)).status).toBe(403);
      expect((await openPoll(who)).status).toBe(403);
      expect((await answer(who, first.id, first.samples[0]!.id, { status: 'refused' })).status).toBe(403);
    }
    expect((await openPoll(c.agent)).status).toBe(403);
    expect((await c.agent.post(`/polls/${first.id}/close`)).status).toBe(403);
    expect((await answer(c.dispatcher, first.id, first.samples[0]!.id, { status: 'refused' })).status).toBe(
      403,
    );
    expect((await c.dispatcher.get(`/polls/${first.id}`)).status).toBe(200);
    expect((await c.agent.get('/polls/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

import { randomUUID } from 'node:crypto';
import type { TTicketAction } from '@hotline/shared';
import { appendInboundToConversation } from '../../src/channels/conversations';
import { inboundMessages } from '../../src/infra/db/schema';
import { bodyFor, signInCast, ticketInStatus, type TCast } from './drive';
import type { ApiClient, TTestServer } from './harness';

/**
 * The victim's data for the generated permission test: records owned by 市城管局 (cgj) or by
 * the centre, one for every kind of path parameter the route table has.
 */
export type TVictim = {
  c: TCast;
  /** path up to and including a parameter (e.g. /kb/articles/:id) → a real value. */
  params: Record<string, string>;
  /** Tickets of cgj in several statuses; every /tickets/:id route is tried on each. */
  ticketIds: string[];
  /** Ids and numbers that must never show in an answer to an outsider. */
  secrets: string[];
};

export const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const OUTSIDER_PASSWORD = 'Zjj-password-2026';

/** Shanghai date of `now`, YYYY-MM-DD. */
export const chinaDay = (now = new Date()) =>
  new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

function must<T>(what: string, value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error(`permission fixture missing: ${what}`);
  return value;
}

export async function makeVictim(s: TTestServer): Promise<TVictim> {
  const c = await signInCast(s);
  const today = chinaDay();
  const ticketIds: string[] = [];
  for (const status of ['dispatched', 'in_progress', 'replied', 'resolved', 'returned', 'closed'] as const)
    ticketIds.push(await ticketInStatus(c, status));
  const inProgress = ticketIds[1]!;

  const upload = await c.handler.post(`/tickets/${inProgress}/attachments`, {
    filename: 'a.png',
    contentBase64: PNG_1PX,
  });
  const attachmentId = must('attachment', upload.body?.attachment?.id as string);

  // A draft of cgj's own: only cgj's staff and the reviewers see it.
  const article = await c.handler.post('/kb/articles', {
    title: '井盖缺失处置口径（草稿）',
    bodyHtml: '<p>先设置警示，再联系养护单位。</p>',
    effectiveFrom: today,
  });
  const articleId = must('kb article', article.body?.article?.id as string);
  const versionId = must('kb version', article.body?.article?.pendingVersion?.id as string);

  const schemes = (await c.admin.get('/assessment/schemes')).body.items as { id: string }[];
  const categories = (await c.admin.get('/categories')).body.items as { id: string; isLeaf: boolean }[];
  const rule = await c.admin.post('/dispatch-rules', {
    categoryId: categories.find((x) => x.isLeaf)?.id,
    leadUnitId: c.cgjUnitId,
  });
  const policies = (await c.admin.get('/sla-policies')).body.items as { id: string }[];
  const victimUser = await c.admin.post('/users', {
    username: 'perm_victim',
    displayName: 'perm_victim',
    role: 'unit_handler',
    unitId: c.cgjUnitId,
    password: OUTSIDER_PASSWORD,
  });

  const poll = await c.supervisor.post('/polls', {
    name: '权限测试回访',
    questions: [{ id: 'result', text: '您对办理结果是否满意？', kind: 'satisfaction' }],
    periodFrom: `${today}T00:00:00+08:00`,
    periodTo: `${today}T23:59:59+08:00`,
    sampleSize: 1,
  });
  const pollId = must(`poll (${poll.status} ${JSON.stringify(poll.body)})`, poll.body?.poll?.id as string);
  const samples = (await c.supervisor.get(`/polls/${pollId}`)).body.samples as { id: string }[];

  const alert = await s.ctx.pool.query<{ id: string }>(
    `insert into hot_topic_alerts (topic_key, "window", window_start, label, dimensions, count, baseline,
       statistic, score, threshold, ticket_ids, raised_at)
     values ('perm-test', 'day', now(), '井盖缺失', '{}', 1, 0.2, 'poisson_tail', 1e-9, 1e-6, $1::uuid[], now())
     returning id`,
    [ticketIds.slice(0, 1)],
  );
  const call = await s.ctx.pool.query<{ id: string }>(
    `insert into call_records (call_id, direction, caller_masked, ringing_at, ended_at)
     values ($1, 'inbound', '139****5678', now() - interval '2 minutes', now() - interval '1 minute')
     returning id`,
    [`perm-${randomUUID()}`],
  );
  const [inbound] = await s.ctx.db
    .insert(inboundMessages)
    .values({ channel: 'wechat', externalId: randomUUID(), body: '路灯不亮', receivedAt: new Date() })
    .returning({ id: inboundMessages.id });
  const { conversation } = await s.ctx.db.transaction((tx) =>
    appendInboundToConversation(tx, {
      channel: 'wechat',
      externalUserId: 'perm-citizen',
      accountId: 'gh_hotline',
      inboundMessageId: inbound!.id,
      kind: 'text',
      content: '路灯不亮',
      at: new Date(),
    }),
  );

  // A live session of the victim user, for the admin's session routes.
  const victimUserId = must('victim user', victimUser.body?.user?.id as string);
  await s.login('perm_victim', OUTSIDER_PASSWORD);
  const sessions = await c.admin.get(`/users/${victimUserId}/sessions`);
  const handle = (sessions.body?.items as { handle: string }[] | undefined)?.[0]?.handle;

  const nos = await s.ctx.pool.query<{ no: string }>(`select no from tickets where id = any($1::uuid[])`, [
    ticketIds,
  ]);
  return {
    c,
    ticketIds,
    secrets: [...ticketIds, ...nos.rows.map((r) => r.no), attachmentId, articleId, versionId],
    params: {
      '/tickets/:id': inProgress,
      '/tickets/:id/attachments/:attachmentId': attachmentId,
      '/kb/articles/:id': articleId,
      '/kb/versions/:id': versionId,
      '/assessment/schemes/:id': must('assessment scheme', schemes[0]?.id),
      '/assessment/units/:unitId': c.cgjUnitId,
      '/assessment/notices/:period': today.slice(0, 7),
      '/dispatch-rules/:id': must(`dispatch rule (${rule.status})`, rule.body?.id as string),
      '/units/:id': c.cgjUnitId,
      '/users/:id': victimUserId,
      ...(handle ? { '/sessions/:handle': handle } : {}),
      '/categories/:id': must('category', categories.find((x) => x.isLeaf)?.id),
      '/sla-policies/:id': must('sla policy', policies[0]?.id),
      '/hot-topics/:id': alert.rows[0]!.id,
      '/polls/:id': pollId,
      '/polls/:id/samples/:sampleId': must('poll sample', samples[0]?.id),
      '/conversations/:id': conversation.id,
      '/calls/:id': call.rows[0]!.id,
    },
  };
}

/** Creates the zjj unit's handler and manager (a unit that owns none of the victim's records). */
export async function zjjOutsiders(s: TTestServer, c: TCast): Promise<Record<string, ApiClient>> {
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  const zjj = must(
    'unit zjj',
    units.find((u) => u.code === 'zjj'),
  );
  for (const [username, role] of [
    ['zjj_handler', 'unit_handler'],
    ['zjj_manager', 'unit_manager'],
  ] as const) {
    const res = await c.admin.post('/users', {
      username,
      displayName: username,
      role,
      unitId: zjj.id,
      password: OUTSIDER_PASSWORD,
    });
    if (res.status !== 201) throw new Error(`cannot create ${username}: ${res.status}`);
  }
  return {
    zjj_handler: await s.login('zjj_handler', OUTSIDER_PASSWORD),
    zjj_manager: await s.login('zjj_manager', OUTSIDER_PASSWORD),
  };
}

/**
 * A valid body (and query) for a route, so that a refusal is about rights, never input. Routes
 * not listed get `{}`: their refusal must come before validation anyway.
 */
export function requestFor(
  v: TVictim,
  method: string,
  path: string,
  ticketId: string,
): { query: string; body: unknown } {
  const today = chinaDay();
  const range = `from=${today}&to=${today}`;
  const action = path.match(/^\/tickets\/:id\/([a-z-]+)$/)?.[1] as TTicketAction | undefined;
  const key = `${method} ${path}`;
  const queries: Record<string, string> = {
    'get /kpi/units': range,
    'get /kpi/trend': range,
    'get /kpi/channels': range,
    'get /kpi/tickets': `${range}&metric=received`,
    'get /screen/tickets': 'kind=district',
    'get /calls/stats': `from=${today}T00:00:00%2B08:00&to=${today}T23:59:59%2B08:00`,
    'get /calendar': `year=${today.slice(0, 4)}`,
    'get /tickets': 'limit=200',
    'get /tickets/duplicates': `phone=13912345678&title=${encodeURIComponent('道路井盖缺失')}`,
    'get /kb/search': `q=${encodeURIComponent('井盖')}`,
  };
  const bodies: Record<string, unknown> = {
    'post /auth/login': { username: 'agent2', password: 'Hotline@12345' },
    'post /tickets': {
      type: 'complaint',
      title: '权限测试工单',
      description: '生成的权限测试创建的工单',
      citizen: { phone: '13900000000' },
    },
    'post /tickets/:id/attachments': { filename: 'b.png', contentBase64: PNG_1PX },
    'post /kb/articles': { title: '权限测试条目', bodyHtml: '<p>内容</p>', effectiveFrom: today },
    'post /kb/articles/:id/versions': {
      title: '权限测试改版',
      bodyHtml: '<p>改版</p>',
      effectiveFrom: today,
      baseVersion: 0,
    },
    'post /kb/versions/:id/reject': { comment: '权限测试退回' },
    'post /routing/suggest': { title: '井盖缺失', description: '人民路井盖缺失' },
    'post /polls/:id/samples/:sampleId/answer': { status: 'unreachable' },
    'post /calls/extension': { ext: '8001' },
    'patch /users/:id': { displayName: 'perm_victim_renamed' },
    'patch /units/:id': { replySignoff: false },
    'patch /categories/:id': { active: true },
    'post /conversations/:id/reply': { content: '您好，已收到' },
    'post /conversations/:id/close': { reason: '无需立案' },
  };
  const body =
    action && !path.endsWith('/attachments')
      ? bodyFor(v.c, action, { parentId: v.ticketIds.find((t) => t !== ticketId) })
      : (bodies[key] ?? {});
  return { query: queries[key] ?? '', body };
}

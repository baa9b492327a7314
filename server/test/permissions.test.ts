import { io as connect, type Socket } from 'socket.io-client';
import {
  rooms,
  TICKET_ACTIONS,
  userScopeOf,
  type TPermission,
  type TRole,
  type TScope,
  type TTicketScope,
} from '@hotline/shared';
import { ROUTE_TABLE, type TRouteSpec } from '../src/infra/http/route-table';
import {
  makeVictim,
  OUTSIDER_PASSWORD,
  requestFor,
  zjjOutsiders,
  type TVictim,
} from './support/permission-fixtures';
import { ApiClient, startTestServer, type TTestServer } from './support/harness';
import { DEMO_PASSWORD } from './support/db';

/**
 * Every route × every role, generated from the route table. The expected answer comes from the
 * permission matrix through the committed map below (route → action), not from the route's own
 * spec: a route whose check is removed or silently changed fails here.
 */
const ROUTE_ACTIONS: Record<string, TPermission | 'public'> = {
  'post /auth/login': 'public',
  'post /auth/logout': 'session.self',
  'get /auth/me': 'session.self',
  'post /auth/password': 'session.self',
  'get /users/:id/sessions': 'sessions.manage',
  'delete /users/:id/sessions': 'sessions.manage',
  'delete /sessions/:handle': 'sessions.manage',
  'get /audit': 'audit.read',
  'get /tickets/duplicates': 'ticket.duplicates',
  'get /tickets/:id/duplicates': 'ticket.read',
  'get /tickets/:id/contact': 'ticket.contact.read',
  'get /tickets': 'ticket.read',
  'post /tickets': 'ticket.create',
  'get /tickets/:id': 'ticket.read',
  'get /tickets/:id/timeline': 'ticket.read',
  ...Object.fromEntries(TICKET_ACTIONS.map((a) => [`post /tickets/:id/${a}`, `ticket.${a}`])),
  'get /tickets/:id/links': 'ticket.read',
  'get /tickets/:id/attachments/:attachmentId': 'ticket.read',
  'post /tickets/:id/attachments': 'ticket.attach',
  'get /units': 'reference.read',
  'post /units': 'reference.manage',
  'patch /units/:id': 'reference.manage',
  'get /users': 'reference.read',
  'post /users': 'reference.manage',
  'patch /users/:id': 'reference.manage',
  'get /categories': 'reference.read',
  'post /categories': 'reference.manage',
  'patch /categories/:id': 'reference.manage',
  'get /sla-policies': 'reference.read',
  'post /sla-policies': 'reference.manage',
  'put /sla-policies/:id': 'reference.manage',
  'get /calendar': 'reference.read',
  'put /calendar': 'reference.manage',
  'get /dispatch-rules': 'dispatch_rules.read',
  'post /dispatch-rules': 'dispatch_rules.manage',
  'put /dispatch-rules/:id': 'dispatch_rules.manage',
  'delete /dispatch-rules/:id': 'dispatch_rules.manage',
  'get /dispatch-rules/:id': 'dispatch_rules.read',
  'get /dispatch-rules/:id/versions': 'dispatch_rules.read',
  'get /settings/dispatch': 'settings.read',
  'put /settings/dispatch': 'settings.manage',
  'post /routing/suggest': 'routing.suggest',
  'get /tickets/:id/suggestions': 'routing.suggest',
  'get /routing/models': 'routing.models.read',
  'post /routing/models/train': 'routing.models.train',
  'get /conversations': 'triage.handle',
  'get /conversations/:id': 'triage.handle',
  'post /conversations/:id/reply': 'triage.handle',
  'post /conversations/:id/ticket': 'triage.handle',
  'post /conversations/:id/close': 'triage.handle',
  'get /calls': 'calls.handle',
  'get /calls/missed': 'calls.handle',
  'post /calls/:id/callback-done': 'calls.handle',
  'get /calls/stats': 'calls.handle',
  'get /calls/extension': 'calls.desk',
  'post /calls/extension': 'calls.desk',
  'get /polls': 'polls.read',
  'post /polls': 'polls.run',
  'get /polls/:id': 'polls.read',
  'post /polls/:id/samples/:sampleId/answer': 'polls.answer',
  'post /polls/:id/close': 'polls.run',
  'get /alerts': 'alerts.read',
  'post /alerts/check': 'alerts.check',
  'get /kb/search': 'kb.read',
  'get /kb/articles': 'kb.read',
  'post /kb/articles': 'kb.propose',
  'get /kb/articles/:id': 'kb.read',
  'get /kb/articles/:id/versions': 'kb.read',
  'post /kb/articles/:id/versions': 'kb.propose',
  'post /kb/articles/:id/archive': 'kb.review',
  'get /kb/reviews': 'kb.review',
  'post /kb/versions/:id/approve': 'kb.review',
  'post /kb/versions/:id/reject': 'kb.review',
  'get /stats/overview': 'stats.overview',
  'get /reports/summary': 'reports.read',
  'get /reports/work-report': 'reports.read',
  'get /reports/work-report.xlsx': 'reports.read',
  'get /reports/work-report.csv': 'reports.read',
  'get /reports/data-quality': 'reports.read',
  'get /reports/province-export.json': 'reports.read',
  'get /assessment/schemes': 'assessment.read',
  'get /assessment/schemes/:id': 'assessment.read',
  'post /assessment/schemes': 'assessment.manage',
  'put /assessment/schemes/:id': 'assessment.manage',
  'delete /assessment/schemes/:id': 'assessment.manage',
  'post /assessment/run': 'assessment.run',
  'get /assessment/rankings': 'assessment.read',
  'get /assessment/units/:unitId': 'assessment.unit.read',
  'get /assessment/notices/:period': 'assessment.read',
  'get /kpi/units': 'kpi.read',
  'get /kpi/trend': 'kpi.read',
  'get /kpi/channels': 'kpi.city',
  'get /kpi/tickets': 'kpi.read',
  'post /kpi/rebuild': 'kpi.rebuild',
  'get /screen/live': 'kpi.city',
  'get /screen/tickets': 'kpi.city',
  'get /hot-topics': 'hot_topics.read',
  'get /hot-topics/:id': 'hot_topics.read',
  'post /hot-topics/:id/ack': 'hot_topics.handle',
  'post /hot-topics/:id/close': 'hot_topics.handle',
  'get /portal/captcha': 'public',
  'get /portal/categories': 'public',
  'post /portal/requests': 'public',
  'get /portal/track': 'public',
};

/** Routes over records only the city centre keeps: a district branch's narrowed scope is refused. */
const CENTRE_ONLY_ROUTES = [
  'post /tickets',
  'get /conversations',
  'get /conversations/:id',
  'post /conversations/:id/reply',
  'post /conversations/:id/ticket',
  'post /conversations/:id/close',
  'get /calls',
  'get /calls/missed',
  'post /calls/:id/callback-done',
  'get /calls/stats',
  'get /polls',
  'post /polls',
  'get /polls/:id',
  'post /polls/:id/samples/:sampleId/answer',
  'post /polls/:id/close',
];

type TSubject = {
  name: string;
  role: TRole | null;
  ticketScope: TTicketScope;
  username?: string;
  password?: string;
  client: ApiClient;
};

let s: TTestServer;
let v: TVictim;
let subjects: TSubject[];

beforeAll(async () => {
  s = await startTestServer('permissions');
  v = await makeVictim(s);
  const zjj = await zjjOutsiders(s, v.c);
  const all: TTicketScope = { kind: 'all' };
  const subtree: TTicketScope = { kind: 'subtree' };
  // Outsiders first: the victim's records are intact when they knock.
  subjects = [
    { name: 'anonymous', role: null, ticketScope: subtree, client: new ApiClient(s.url) },
    {
      name: 'zjj_handler',
      role: 'unit_handler',
      ticketScope: subtree,
      username: 'zjj_handler',
      password: OUTSIDER_PASSWORD,
      client: zjj.zjj_handler!,
    },
    {
      name: 'zjj_manager',
      role: 'unit_manager',
      ticketScope: subtree,
      username: 'zjj_manager',
      password: OUTSIDER_PASSWORD,
      client: zjj.zjj_manager!,
    },
    {
      name: 'tn_dispatcher (district branch)',
      role: 'dispatcher',
      ticketScope: subtree,
      username: 'tn_dispatcher',
      password: DEMO_PASSWORD,
      client: await s.login('tn_dispatcher'),
    },
    {
      name: 'agent1',
      role: 'agent',
      ticketScope: all,
      username: 'agent1',
      password: DEMO_PASSWORD,
      client: v.c.agent,
    },
    {
      name: 'dispatcher1',
      role: 'dispatcher',
      ticketScope: all,
      username: 'dispatcher1',
      password: DEMO_PASSWORD,
      client: v.c.dispatcher,
    },
    {
      name: 'supervisor1',
      role: 'supervisor',
      ticketScope: all,
      username: 'supervisor1',
      password: DEMO_PASSWORD,
      client: v.c.supervisor,
    },
    {
      name: 'admin',
      role: 'admin',
      ticketScope: all,
      username: 'admin',
      password: DEMO_PASSWORD,
      client: v.c.admin,
    },
  ];
}, 240_000);
afterAll(async () => s?.stop());

const keyOf = (r: TRouteSpec) => `${r.method} ${r.path}`;

/** One request with a session cookie (kept as is: signing in here does not change the subject). */
async function send(
  cookie: string,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
      'x-requested-with': 'hotline',
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: json && text ? JSON.parse(text) : text };
}

/** Rows that a refused request must not have touched. */
async function fingerprint(): Promise<string> {
  const res = await s.ctx.pool.query(`select
    (select count(*) from tickets) t, (select count(*) from ticket_events) e,
    (select count(*) from assignments) a, (select count(*) from attachments) f,
    (select count(*) from kb_articles) ka, (select count(*) from kb_article_versions where status <> 'pending') kv,
    (select count(*) from poll_campaigns) pc, (select count(*) from poll_samples where status <> 'pending') ps,
    (select count(*) from dispatch_rules) dr, (select count(*) from units) u, (select count(*) from users) us,
    (select md5(string_agg(concat_ws('|', id, display_name, role, unit_id, active), ',' order by id)) from users) uu, (select max(updated_at)::text from sla_policies) sp,
    (select count(*) from categories) c, (select count(*) from calendar_days) cd,
    (select count(*) from hot_topic_alerts where status <> 'open') ht,
    (select count(*) from conversation_messages) cm,
    (select count(*) from call_records where callback_done_at is not null) cb,
    (select count(*) from assessment_schemes) sc`);
  return JSON.stringify(res.rows[0]);
}

/** The concrete requests for a route: /tickets/:id routes once per victim ticket. */
function pathsOf(r: TRouteSpec): { path: string; ticketId: string }[] {
  const ticketIds = r.path.startsWith('/tickets/:id') ? v.ticketIds : [v.params['/tickets/:id']!];
  return ticketIds.map((ticketId) => {
    const path = r.path.replace(/:(\w+)/g, (_m, name: string, at: number) => {
      const key = r.path.slice(0, at) + `:${name}`;
      if (key === '/tickets/:id') return ticketId;
      const value = v.params[key];
      if (!value) throw new Error(`no fixture for path parameter ${key} (route ${keyOf(r)})`);
      return value;
    });
    return { path, ticketId };
  });
}

function expected(subject: TSubject, permission: TPermission | 'public'): 'public' | 'anon' | TScope | null {
  if (permission === 'public') return 'public';
  if (!subject.role) return 'anon';
  return userScopeOf(subject.role, subject.ticketScope, permission);
}

describe('the permission matrix on every route', () => {
  test('every route of the route table names the action of the committed map', () => {
    const actual = Object.fromEntries(ROUTE_TABLE.map((r) => [keyOf(r), r.permission]));
    expect(actual).toEqual(ROUTE_ACTIONS);
    expect(
      ROUTE_TABLE.filter((r) => r.requireScope === 'all')
        .map(keyOf)
        .sort(),
    ).toEqual([...CENTRE_ONLY_ROUTES].sort());
  });

  test('every route as every role from another unit: 401 / 403 / 404 with no data, as the matrix says', async () => {
    const failures: string[] = [];
    let checked = 0;
    const answers: Record<string, number> = {};
    for (const subject of subjects) {
      for (const r of ROUTE_TABLE) {
        const permission = ROUTE_ACTIONS[keyOf(r)] ?? (`(unmapped ${keyOf(r)})` as TPermission);
        const want = expected(subject, permission);
        const hasResource = r.path.includes(':');
        for (const { path, ticketId } of pathsOf(r)) {
          const { query, body } = requestFor(v, r.method, r.path, ticketId);
          let client = subject.client;
          // Signing out ends the session: sign out a second session of the same user instead.
          if (keyOf(r) === 'post /auth/logout' && subject.username)
            client = await s.login(subject.username, subject.password);
          const before = want === 'all' || want === 'public' ? '' : await fingerprint();
          const res = await send(
            client.cookie,
            r.method.toUpperCase(),
            query ? `${path}?${query}` : path,
            r.method === 'get' || r.method === 'delete' ? undefined : body,
          );
          checked++;
          const kind = res.status < 300 ? '2xx' : String(res.status);
          answers[kind] = (answers[kind] ?? 0) + 1;
          const text = JSON.stringify(res.body ?? '');
          // An id the request itself named may come back in the error; nothing else of the victim's.
          const asked = path + JSON.stringify(body ?? '');
          const leaked = v.secrets.filter((x) => text.includes(x) && !asked.includes(x));
          const onlyError =
            res.body && typeof res.body === 'object' && Object.keys(res.body).join() === 'error';
          const matrixRefusal = res.status === 403 && (res.body as any)?.error?.details?.permission;
          const where = `${subject.name} ${r.method.toUpperCase()} ${path} [${permission} → ${want}]: ${res.status} ${text.slice(0, 160)}`;
          let ok: boolean;
          if (want === 'public' || want === 'all' || want === 'self')
            ok = res.status !== 401 && !matrixRefusal;
          else if (want === 'anon') ok = res.status === 401 && !!onlyError;
          else if (want === null) ok = res.status === 403 && !!onlyError && leaked.length === 0;
          else if (hasResource) ok = [403, 404].includes(res.status) && !!onlyError && leaked.length === 0;
          // unit scope on a list or a create: refused, or answered with none of the victim's records
          else
            ok =
              (res.status === 403 && !!onlyError) ||
              (res.status !== 401 && res.status !== 403 && leaked.length === 0);
          if (ok && before && [401, 403, 404].includes(res.status) && (await fingerprint()) !== before)
            failures.push(`${where} — refused, yet something was written`);
          else if (!ok) failures.push(where + (leaked.length ? ` — leaked ${leaked.join(', ')}` : ''));
        }
      }
    }
    // Nothing an outsider did shows on the victim's tickets.
    for (const id of v.ticketIds) {
      const events = (await v.c.supervisor.get(`/tickets/${id}/timeline`)).body.items as {
        actorName: string | null;
      }[];
      const foreign = events.filter((e) => /^(zjj_|天宁|tn_)/.test(e.actorName ?? ''));
      if (foreign.length) failures.push(`ticket ${id} has events by outsiders: ${JSON.stringify(foreign)}`);
    }
    const tally = Object.entries(answers)
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    process.stdout.write(
      `permissions: ${ROUTE_TABLE.length} routes × ${subjects.length} subjects (7 users of 6 roles + anonymous)` +
        ` = ${checked} requests checked (${tally}), ${failures.length} failures\n`,
    );
    expect(failures).toEqual([]);
  }, 600_000);
});

describe('the permission matrix on socket events', () => {
  async function socketOf(subject: TSubject): Promise<Socket> {
    const socket = connect(s.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: subject.client.cookie ? { cookie: subject.client.cookie } : {},
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('connect_error', reject);
    });
    return socket;
  }

  test('ticket.watch on the victim’s ticket: refused unless the matrix and the unit scope allow it', async () => {
    const ticketId = v.params['/tickets/:id']!;
    for (const subject of subjects) {
      if (!subject.role) {
        await expect(socketOf(subject)).rejects.toThrow('UNAUTHENTICATED');
        continue;
      }
      const socket = await socketOf(subject);
      try {
        const ack = await socket.timeout(3000).emitWithAck('ticket.watch', ticketId);
        const scope = userScopeOf(subject.role, subject.ticketScope, 'socket.ticket.watch');
        const want =
          scope === 'all' ? { ok: true } : { ok: false, error: scope === null ? 'FORBIDDEN' : 'NOT_FOUND' };
        expect({ who: subject.name, ack }).toEqual({ who: subject.name, ack: want });
      } finally {
        socket.disconnect();
      }
    }
  });

  test('city-wide figures reach only the roles the matrix gives socket.supervisors', async () => {
    const signedIn = subjects.filter((x) => x.role);
    const sockets = await Promise.all(signedIn.map(socketOf));
    try {
      const got = sockets.map(
        (socket) =>
          new Promise<boolean>((resolve) => {
            socket.on('kpi.updated', () => resolve(true));
            setTimeout(() => resolve(false), 1500);
          }),
      );
      // the joins happen right after connecting; give the adapter a moment
      await new Promise((r) => setTimeout(r, 300));
      s.io.to(rooms.supervisors).emit('kpi.updated', { days: ['2026-01-01'] });
      const received = await Promise.all(got);
      const actual = Object.fromEntries(signedIn.map((x, i) => [x.name, received[i]]));
      const want = Object.fromEntries(
        signedIn.map((x) => [x.name, userScopeOf(x.role!, x.ticketScope, 'socket.supervisors') === 'all']),
      );
      expect(actual).toEqual(want);
      expect(Object.values(want).filter(Boolean)).toHaveLength(2); // supervisor1 and admin
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  });
});

import type { TTicketAction, TTicketStatus } from '@hotline/shared';
import type { ApiClient, TTestServer } from './harness';

/** The demo cast, signed in: who does which step of a ticket's life. */
export type TCast = {
  agent: ApiClient;
  dispatcher: ApiClient;
  supervisor: ApiClient;
  handler: ApiClient;
  manager: ApiClient;
  admin: ApiClient;
  cgjUnitId: string;
};

export async function signInCast(s: TTestServer): Promise<TCast> {
  const [agent, dispatcher, supervisor, handler, manager, admin] = await Promise.all(
    ['agent1', 'dispatcher1', 'supervisor1', 'cgj_handler', 'cgj_manager', 'admin'].map((u) => s.login(u)),
  );
  const units = await agent!.get('/units');
  const cgj = units.body.items.find((u: { code: string }) => u.code === 'cgj');
  return {
    agent: agent!,
    dispatcher: dispatcher!,
    supervisor: supervisor!,
    handler: handler!,
    manager: manager!,
    admin: admin!,
    cgjUnitId: cgj.id,
  };
}

/** POST /tickets as the agent: a typical complaint, with `overrides`; the response as it came. */
export function postTicket(c: TCast, overrides: Record<string, unknown> = {}) {
  return c.agent.post('/tickets', {
    type: 'complaint',
    title: '道路井盖缺失',
    description: '人民路与和平路交叉口井盖缺失，夜间有安全隐患',
    citizen: { phone: '13912345678', name: '王先生' },
    ...overrides,
  });
}

export async function createTicket(c: TCast, overrides: Record<string, unknown> = {}) {
  const res = await postTicket(c, overrides);
  if (res.status !== 201) throw new Error(`create failed ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.ticket as { id: string; no: string; version: number; status: TTicketStatus };
}

/** Who performs each action in the tests (a role the transition table allows). */
export function actorFor(c: TCast, action: TTicketAction): ApiClient {
  switch (action) {
    case 'register':
    case 'answer':
    case 'callback':
    case 'close':
    case 'reopen':
    case 'merge':
    case 'chase':
      return c.agent;
    case 'sign':
    case 'subdispatch':
    case 'return':
    case 'reply':
    case 'request-extension':
      return c.handler;
    case 'supervise':
      return c.supervisor;
    case 'signoff-reply':
    case 'return-draft':
      return c.manager;
    default:
      return c.dispatcher;
  }
}

/** A valid body for each action, so a refusal is about state or rights, never about input. */
export function bodyFor(
  c: TCast,
  action: TTicketAction,
  extra: { parentId?: string } = {},
): Record<string, unknown> {
  switch (action) {
    case 'answer':
      return { answer: '已告知办理流程' };
    case 'dispatch':
    case 'redispatch':
    case 'subdispatch':
      return { unitId: c.cgjUnitId };
    case 'return':
    case 'reject-return':
    case 'reject-reply':
    case 'reopen':
    case 'reject-extension':
    case 'suspend':
    case 'return-draft':
      return { reason: '测试原因说明' };
    case 'reply':
      return { content: '已安排人员补装井盖', solved: true };
    case 'callback':
      return { satisfaction: 'satisfied' };
    case 'request-extension':
      return { days: 3, reason: '需协调多个部门' };
    case 'merge':
      return { parentId: extra.parentId };
    case 'supervise':
      return { level: 'yellow', note: '请加快办理' };
    default:
      return {};
  }
}

export async function act(
  c: TCast,
  ticketId: string,
  action: TTicketAction,
  extra: { parentId?: string } = {},
) {
  return actorFor(c, action).post(`/tickets/${ticketId}/${action}`, bodyFor(c, action, extra));
}

async function must(c: TCast, id: string, action: TTicketAction, extra: { parentId?: string } = {}) {
  const res = await act(c, id, action, extra);
  if (res.status !== 200) throw new Error(`${action} failed ${res.status} ${JSON.stringify(res.body)}`);
}

/** Creates a ticket and takes it to the given status the way real users would. */
export async function ticketInStatus(c: TCast, status: TTicketStatus): Promise<string> {
  if (status === 'draft') return (await createTicket(c, { draft: true })).id;
  const { id } = await createTicket(c);
  const steps: Record<TTicketStatus, TTicketAction[]> = {
    draft: [],
    registered: [],
    dispatched: ['dispatch'],
    returned: ['dispatch', 'return'],
    in_progress: ['dispatch', 'sign'],
    replied: ['dispatch', 'sign', 'reply'],
    reopened: ['dispatch', 'sign', 'reply', 'reject-reply'],
    resolved: ['dispatch', 'sign', 'reply', 'approve-reply'],
    closed: ['dispatch', 'sign', 'reply', 'approve-reply', 'callback', 'close'],
    suspended: ['dispatch', 'sign', 'suspend'],
    merged: [],
  };
  if (status === 'merged') {
    const parent = await createTicket(c);
    await must(c, id, 'merge', { parentId: parent.id });
    return id;
  }
  for (const action of steps[status]) await must(c, id, action);
  return id;
}

/**
 * The life of one demo ticket as rows: its assignments, deadlines and events with plausible
 * timestamps, the way the real use cases would have written them (dispatch → [二级派单] → sign →
 * reply → review → callback → close). Times come from the SLA calculator, so most of the work is
 * done on time and a few clocks are breached, as in a real city.
 */
import {
  clockBasisOf,
  computeDue,
  computeWarnAt,
  type TDuration,
  type TTicketStatus,
  type TWorkCalendar,
} from '@hotline/shared';
import type { assignments, ticketDeadlines, ticketEvents } from '../../infra/db/schema';
import { durationOf, type TSlaPolicy } from '../sla/sla-policy.repository';
import type { TRng } from './demo-history-compose';

export type TUnitRef = { id: string; name: string };
export type TActorRef = { id: string | null; name: string; role: string };

/** How far a demo ticket got: handled (closed, or resolved awaiting the callback) or still open. */
export type TOutcome = 'closed' | 'resolved' | 'in_progress' | 'dispatched' | 'registered';

export type TLifeInput = {
  ticketId: string;
  createdAt: Date;
  outcome: TOutcome;
  /** The unit that does the work, and the district branch it came through (二级派单), if any. */
  handler: TUnitRef;
  via: TUnitRef | null;
  meta: { line: string; channel: string; type: string; urgency: string };
  reply: string;
  satisfaction: 'satisfied' | 'basically_satisfied';
  /** What the filing recorded (重复来电, data quality); by default a first, complete, timely record. */
  filing?: TFilingFacts;
  /** Force the sign-for / reply late (true) or on time (false); by chance when absent. */
  lateSign?: boolean;
  lateReply?: boolean;
  /** Dispatched first to this unit, which returned it (退单) before the re-dispatch. */
  wrongUnit?: TUnitRef | null;
  /** The unit asked for, and got, this many more working days for the reply (延期). */
  extensionDays?: number;
  /** The first call-back found the citizen unsatisfied and the unit did the work again (重办). */
  redo?: boolean;
};

export type TFilingFacts = { repeatCaller: boolean; complete: boolean; timely: boolean };

type TAssignmentInsert = typeof assignments.$inferInsert;
type TDeadlineInsert = typeof ticketDeadlines.$inferInsert;
type TEventInsert = typeof ticketEvents.$inferInsert;

export type TLife = {
  status: TTicketStatus;
  dispatchedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  dueAt: Date | null;
  dueKind: string | null;
  leadUnitId: string | null;
  callbackDone: boolean;
  satisfaction: string | null;
  version: number;
  assignments: TAssignmentInsert[];
  deadlines: TDeadlineInsert[];
  events: TEventInsert[];
};

export type TLifeContext = {
  rng: TRng;
  cal: TWorkCalendar;
  policyOf: (t: { line: string; type: string; urgency: string }) => TSlaPolicy;
  agent: TActorRef;
  dispatcher: TActorRef;
  /** The centre, where the agents and dispatchers work (their events are attributed to it). */
  cityUnitId: string;
  /** Who signs and replies for a unit, and who passes work down for a district branch. */
  handlerOf: (unit: TUnitRef) => TActorRef;
  branchDispatcherOf: (unit: TUnitRef) => TActorRef;
};

const MINUTE = 60_000;

function part(d: TDuration, fraction: number): TDuration {
  return { amount: d.amount * fraction, unit: d.unit };
}

function due(cal: TWorkCalendar, start: Date, d: TDuration): Date {
  return computeDue({ start, duration: d }, cal) ?? new Date(start.getTime() + 3600 * MINUTE);
}

/** Where in its window a clock is met: usually well inside it, now and then a little late. */
function fraction(rng: TRng, early: number, late: number, forceLate?: boolean): number {
  const isLate = forceLate ?? rng.chance(0.015);
  return isLate ? 1.05 + rng.next() * 0.4 : early + rng.next() * (late - early);
}

const onTime = (at: Date, dueAt: Date) => at.getTime() <= dueAt.getTime();
const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

export function buildLife(c: TLifeContext, t: TLifeInput): TLife {
  const { rng, cal } = c;
  const policy = c.policyOf(t.meta);
  const sign = durationOf(policy, 'sign');
  const handle = durationOf(policy, 'reply');
  const callbackClock = durationOf(policy, 'callback');
  const events: TEventInsert[] = [];
  const deadlines: TDeadlineInsert[] = [];
  const assigns: TAssignmentInsert[] = [];
  let status: TTicketStatus = 'registered';
  let version = 0;
  const event = (
    at: Date,
    type: string,
    actor: TActorRef,
    unitId: string | null,
    to: TTicketStatus,
    payload: Record<string, unknown> = {},
  ) => {
    events.push({
      ticketId: t.ticketId,
      type,
      actorId: actor.id,
      actorName: actor.name,
      actorRole: actor.role,
      unitId,
      fromStatus: type === 'ticket.created' ? null : status,
      toStatus: to,
      payload,
      createdAt: at,
    });
    if (type !== 'ticket.created') version += 1;
    status = to;
  };
  const clock = (
    kind: 'sign' | 'reply' | 'callback',
    d: TDuration,
    start: Date,
    a: TAssignmentInsert | null,
    endedAt: Date | null,
    outcome: 'met' | 'cancelled' | 'active',
  ) => {
    const dueAt = due(cal, start, d);
    const warnAt = computeWarnAt(start, dueAt, policy.warnRatio, cal, [], clockBasisOf(d.unit));
    const met = outcome === 'met' && endedAt;
    deadlines.push({
      id: rng.uuid(),
      ticketId: t.ticketId,
      assignmentId: a?.id ?? null,
      unitId: a?.unitId ?? null,
      kind,
      startAt: start,
      dueAt,
      warnAt,
      status: outcome,
      durationAmount: d.amount,
      durationUnit: d.unit,
      warnedAt: met && warnAt && endedAt > warnAt ? warnAt : null,
      breachedAt: met && endedAt > dueAt ? dueAt : null,
      metAt: met ? endedAt : null,
      createdAt: kind === 'reply' && a?.parentAssignmentId ? (a.dispatchedAt as Date) : start,
    });
    return dueAt;
  };

  event(t.createdAt, 'ticket.created', c.agent, c.cityUnitId, 'registered', {
    line: t.meta.line,
    channel: t.meta.channel,
    type: t.meta.type,
    urgency: t.meta.urgency,
    ...(t.filing ?? { repeatCaller: false, complete: true, timely: true }),
  });
  const base = {
    status,
    dispatchedAt: null,
    resolvedAt: null,
    closedAt: null,
    callbackDone: false,
    satisfaction: null,
    assignments: assigns,
    deadlines,
    events,
  };
  if (t.outcome === 'registered')
    return { ...base, updatedAt: t.createdAt, dueAt: null, dueKind: null, leadUnitId: null, version };

  let dispatchedAt = new Date(t.createdAt.getTime() + rng.int(5, 90) * MINUTE);
  if (t.wrongUnit)
    dispatchedAt = returnedBy(c, t, t.wrongUnit, dispatchedAt, { event, clock, assigns, sign });
  const first = t.via ?? t.handler;
  const firstAssignment: TAssignmentInsert = {
    id: rng.uuid(),
    ticketId: t.ticketId,
    unitId: first.id,
    role: 'lead',
    status: 'pending',
    dispatchedBy: c.dispatcher.id,
    dispatchedAt,
    createdAt: dispatchedAt,
  };
  assigns.push(firstAssignment);
  event(
    dispatchedAt,
    t.wrongUnit ? 'ticket.redispatched' : 'ticket.dispatched',
    c.dispatcher,
    first.id,
    'dispatched',
    {
      toUnitId: first.id,
      toUnitName: first.name,
      assisting: [],
    },
  );
  let lead = firstAssignment;
  let at = dispatchedAt;
  if (t.via) {
    // The district branch passes it down within its sign-for window; the street inherits the reply clock.
    const forwardedAt = due(
      cal,
      dispatchedAt,
      part(sign, fraction(rng, 0.1, 0.7, t.lateSign === undefined ? undefined : false)),
    );
    const branchActor = c.branchDispatcherOf(t.via);
    Object.assign(firstAssignment, {
      status: 'forwarded',
      forwardedAt,
      signedAt: forwardedAt,
      signedBy: branchActor.id,
    });
    clock('sign', sign, dispatchedAt, firstAssignment, forwardedAt, 'met');
    clock('reply', handle, dispatchedAt, firstAssignment, null, 'cancelled');
    lead = {
      id: rng.uuid(),
      ticketId: t.ticketId,
      unitId: t.handler.id,
      role: 'lead',
      status: 'pending',
      parentAssignmentId: firstAssignment.id,
      dispatchedBy: branchActor.id,
      dispatchedAt: forwardedAt,
      createdAt: forwardedAt,
    };
    assigns.push(lead);
    event(forwardedAt, 'ticket.subdispatched', branchActor, t.handler.id, 'dispatched', {
      role: 'lead',
      fromUnitId: t.via.id,
      fromUnitName: t.via.name,
      toUnitId: t.handler.id,
      toUnitName: t.handler.name,
      chain: [
        { id: t.via.id, name: t.via.name },
        { id: t.handler.id, name: t.handler.name },
      ],
    });
    at = forwardedAt;
  }
  const handler = c.handlerOf(t.handler);
  const signDue = due(cal, at, sign);
  const signedAt =
    t.outcome === 'dispatched' ? null : due(cal, at, part(sign, fraction(rng, 0.05, 0.8, t.lateSign)));
  clock('sign', sign, at, lead, signedAt, signedAt ? 'met' : 'active');
  const extended: TDuration = t.extensionDays
    ? {
        amount: handle.amount + (handle.unit === 'working_days' ? t.extensionDays : t.extensionDays * 7.5),
        unit: handle.unit,
      }
    : handle;
  const leadReply = (outcome: 'met' | 'active', endedAt: Date | null) =>
    clock('reply', extended, dispatchedAt, lead, endedAt, outcome);
  const openLife = (updatedAt: Date, dueAt: Date, dueKind: string): TLife => ({
    ...base,
    status,
    dispatchedAt,
    updatedAt,
    dueAt,
    dueKind,
    leadUnitId: t.handler.id,
    version,
  });
  if (!signedAt) {
    leadReply('active', null);
    return openLife(dispatchedAt, signDue, 'sign');
  }
  Object.assign(lead, { status: 'signed', signedAt, signedBy: handler.id });
  event(signedAt, 'ticket.signed', handler, t.handler.id, 'in_progress', {
    onTime: onTime(signedAt, signDue),
  });
  if (t.extensionDays) {
    const askedAt = new Date(signedAt.getTime() + rng.int(30, 240) * MINUTE);
    event(askedAt, 'ticket.extension_requested', handler, t.handler.id, 'in_progress', {
      days: t.extensionDays,
      reason: '需协调多个部门现场处置，申请延期',
    });
    const grantedAt = new Date(askedAt.getTime() + rng.int(20, 120) * MINUTE);
    event(grantedAt, 'ticket.extension_approved', c.dispatcher, t.handler.id, 'in_progress', {
      days: t.extensionDays,
    });
  }
  if (t.outcome === 'in_progress') {
    leadReply('active', null);
    return openLife(signedAt, due(cal, dispatchedAt, extended), 'reply');
  }

  const quick = t.meta.type === 'consultation' || t.meta.urgency !== 'normal';
  const repliedAt = maxDate(
    due(cal, dispatchedAt, part(extended, fraction(rng, quick ? 0.1 : 0.05, quick ? 0.8 : 0.6, t.lateReply))),
    new Date(signedAt.getTime() + rng.int(20, 180) * MINUTE),
  );
  const replyDueAt = leadReply('met', repliedAt);
  event(repliedAt, 'ticket.replied', handler, t.handler.id, 'replied', {
    content: t.reply,
    solved: true,
    onTime: onTime(repliedAt, replyDueAt),
    handleSeconds: seconds(lead.dispatchedAt as Date, repliedAt),
  });
  const approvedAt = due(cal, repliedAt, { amount: 0.3 + rng.next() * 5, unit: 'working_hours' });
  Object.assign(lead, { status: 'done', repliedAt, replyContent: t.reply, replySolved: true });
  event(approvedAt, 'ticket.reply_approved', c.dispatcher, c.cityUnitId, 'resolved');
  if (t.outcome === 'resolved') {
    const callbackDue = clock('callback', callbackClock, approvedAt, null, null, 'active');
    return {
      ...base,
      status,
      dispatchedAt,
      resolvedAt: approvedAt,
      updatedAt: approvedAt,
      dueAt: callbackDue,
      dueKind: 'callback',
      leadUnitId: t.handler.id,
      version,
    };
  }
  let calledAt = due(cal, approvedAt, part(callbackClock, fraction(rng, 0.05, 0.7)));
  clock('callback', callbackClock, approvedAt, null, calledAt, 'met');
  const rated = { resolved: true, leadUnitId: t.handler.id };
  if (t.redo) {
    // 重办: unsatisfied, the work goes back to the lead unit under fresh clocks, and is done again.
    event(calledAt, 'ticket.callback_recorded', c.agent, t.handler.id, 'reopened', {
      satisfaction: 'unsatisfied',
      resolved: false,
      leadUnitId: t.handler.id,
      comment: '市民对处理结果不满意，要求重新处理',
      redo: 1,
    });
    Object.assign(lead, { status: 'done', redoCount: 1 });
    const resignedAt = due(cal, calledAt, part(sign, 0.1 + rng.next() * 0.5));
    const resignDue = clock('sign', sign, calledAt, lead, resignedAt, 'met');
    event(resignedAt, 'ticket.signed', handler, t.handler.id, 'in_progress', {
      onTime: onTime(resignedAt, resignDue),
      redo: true,
    });
    const redoneAt = due(cal, resignedAt, part(handle, 0.1 + rng.next() * 0.4));
    const redoDue = clock('reply', handle, calledAt, lead, redoneAt, 'met');
    event(redoneAt, 'ticket.replied', handler, t.handler.id, 'replied', {
      content: `重新处理：${t.reply}`,
      solved: true,
      onTime: onTime(redoneAt, redoDue),
      handleSeconds: seconds(calledAt, redoneAt),
    });
    const reapprovedAt = due(cal, redoneAt, { amount: 0.3 + rng.next() * 3, unit: 'working_hours' });
    event(reapprovedAt, 'ticket.reply_approved', c.dispatcher, c.cityUnitId, 'resolved');
    calledAt = due(cal, reapprovedAt, part(callbackClock, 0.05 + rng.next() * 0.5));
    clock('callback', callbackClock, reapprovedAt, null, calledAt, 'met');
  }
  event(calledAt, 'ticket.callback_recorded', c.agent, c.cityUnitId, 'resolved', {
    satisfaction: t.satisfaction,
    ...rated,
    comment: t.satisfaction === 'satisfied' ? '市民对处理结果表示满意' : '市民表示基本满意',
  });
  const closedAt = new Date(calledAt.getTime() + rng.int(2, 60) * MINUTE);
  event(closedAt, 'ticket.closed', c.agent, c.cityUnitId, 'closed');
  return {
    ...base,
    status,
    dispatchedAt,
    resolvedAt: approvedAt,
    closedAt,
    updatedAt: closedAt,
    dueAt: null,
    dueKind: null,
    leadUnitId: t.handler.id,
    callbackDone: true,
    satisfaction: t.satisfaction,
    version,
  };
}

type TLifeParts = {
  event: (
    at: Date,
    type: string,
    actor: TActorRef,
    unitId: string | null,
    to: TTicketStatus,
    payload?: Record<string, unknown>,
  ) => void;
  clock: (
    kind: 'sign' | 'reply' | 'callback',
    d: TDuration,
    start: Date,
    a: TAssignmentInsert | null,
    endedAt: Date | null,
    outcome: 'met' | 'cancelled' | 'active',
  ) => Date;
  assigns: TAssignmentInsert[];
  sign: TDuration;
};

/** 退单: the first unit says the matter is not theirs; the dispatcher sends it on. Returns the re-dispatch time. */
function returnedBy(c: TLifeContext, t: TLifeInput, wrong: TUnitRef, at: Date, p: TLifeParts): Date {
  const { rng, cal } = c;
  const a: TAssignmentInsert = {
    id: rng.uuid(),
    ticketId: t.ticketId,
    unitId: wrong.id,
    role: 'lead',
    status: 'pending',
    dispatchedBy: c.dispatcher.id,
    dispatchedAt: at,
    createdAt: at,
  };
  p.assigns.push(a);
  p.event(at, 'ticket.dispatched', c.dispatcher, wrong.id, 'dispatched', {
    toUnitId: wrong.id,
    toUnitName: wrong.name,
    assisting: [],
  });
  const returnedAt = due(cal, at, part(p.sign, 0.1 + rng.next() * 0.6));
  const reason = '经核实，该事项不属于我单位职责范围，请重新派单';
  Object.assign(a, { status: 'returned', returnedAt, returnReason: reason, returnDecision: 'accepted' });
  p.clock('sign', p.sign, at, a, returnedAt, 'cancelled');
  p.event(returnedAt, 'ticket.returned', c.handlerOf(wrong), wrong.id, 'returned', {
    reason,
    assignmentId: a.id,
    heldAssists: [],
  });
  const redispatchedAt = new Date(returnedAt.getTime() + rng.int(10, 120) * MINUTE);
  Object.assign(a, { returnDecidedAt: redispatchedAt, returnDecidedBy: c.dispatcher.id });
  return redispatchedAt;
}

const maxDate = (a: Date, b: Date) => (a > b ? a : b);

/** The last moment anything happened to the ticket: history must not run into the future. */
export function lastEventAt(life: TLife): Date {
  return life.events.reduce((m, e) => (e.createdAt! > m ? e.createdAt! : m), new Date(0));
}

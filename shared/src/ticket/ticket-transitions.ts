import type { TRole } from '../auth/roles';
import { AppError } from '../common/errors';
import type { TTicketStatus } from './ticket-status';

/** Lifecycle actions; each is `POST /api/v1/tickets/:id/<action>`. */
export const TICKET_ACTIONS = [
  'register',
  'answer',
  'dispatch',
  'sign',
  'return',
  'redispatch',
  'reply',
  'approve-reply',
  'reject-reply',
  'callback',
  'close',
  'reopen',
  'request-extension',
  'approve-extension',
  'reject-extension',
  'merge',
  'supervise',
  'suspend',
  'resume',
  'subdispatch',
  'reject-return',
  'chase',
  'signoff-reply',
  'return-draft',
] as const;
export type TTicketAction = (typeof TICKET_ACTIONS)[number];

/**
 * Where an action leads. `same` keeps the status (the action records something on the ticket),
 * `previous` goes back to the status held before the ticket was suspended.
 */
export type TTarget = TTicketStatus | 'same' | 'previous';

export type TTransition = {
  from: readonly TTicketStatus[];
  to: TTarget;
  /** Callback with an unsatisfied citizen takes this branch instead of `to`. */
  toWhenUnsatisfied?: TTicketStatus;
  /** Other statuses the action's effect may choose instead of `to` (and only these). */
  alt?: readonly TTicketStatus[];
  roles: readonly TRole[];
  /** `unit` actions are done by the unit holding the assignment; `hotline` by hotline staff. */
  side: 'hotline' | 'unit';
};

const HOTLINE_DESK: readonly TRole[] = ['agent', 'dispatcher'];
const DISPATCH: readonly TRole[] = ['dispatcher'];
const REVIEW: readonly TRole[] = ['dispatcher', 'supervisor'];
const UNIT: readonly TRole[] = ['unit_handler', 'unit_manager'];
const SUPERVISE: readonly TRole[] = ['supervisor'];

/** Open states in which a ticket can still be merged, supervised or suspended. */
const ACTIVE: readonly TTicketStatus[] = ['registered', 'dispatched', 'returned', 'in_progress', 'reopened'];

/** The whole lifecycle in one table (DESIGN.md "Ticket lifecycle"). Anything not here is refused. */
export const TICKET_TRANSITIONS: Record<TTicketAction, TTransition> = {
  register: { from: ['draft'], to: 'registered', roles: HOTLINE_DESK, side: 'hotline' },
  answer: { from: ['draft', 'registered'], to: 'resolved', roles: HOTLINE_DESK, side: 'hotline' },
  dispatch: { from: ['registered'], to: 'dispatched', roles: DISPATCH, side: 'hotline' },
  sign: { from: ['dispatched', 'reopened'], to: 'in_progress', roles: UNIT, side: 'unit' },
  /** A unit a district branch passed the ticket to returns it to that branch (`dispatched`), not to the city. */
  return: { from: ['dispatched'], to: 'returned', alt: ['dispatched'], roles: UNIT, side: 'unit' },
  redispatch: { from: ['returned', 'reopened'], to: 'dispatched', roles: DISPATCH, side: 'hotline' },
  /**
   * A handler's reply in a unit with 审核签发 (units.reply_signoff) stays in the unit as a draft
   * (`in_progress`, assignment `awaiting_signoff`) until its manager signs it off.
   */
  reply: { from: ['in_progress'], to: 'replied', alt: ['in_progress'], roles: UNIT, side: 'unit' },
  'approve-reply': { from: ['replied'], to: 'resolved', roles: REVIEW, side: 'hotline' },
  'reject-reply': { from: ['replied'], to: 'reopened', roles: REVIEW, side: 'hotline' },
  callback: {
    from: ['resolved'],
    to: 'same',
    toWhenUnsatisfied: 'reopened',
    roles: HOTLINE_DESK,
    side: 'hotline',
  },
  close: { from: ['resolved'], to: 'closed', roles: HOTLINE_DESK, side: 'hotline' },
  reopen: {
    from: ['resolved', 'closed'],
    to: 'reopened',
    roles: [...HOTLINE_DESK, 'supervisor'],
    side: 'hotline',
  },
  'request-extension': { from: ['in_progress', 'reopened'], to: 'same', roles: UNIT, side: 'unit' },
  'approve-extension': { from: ['in_progress', 'reopened'], to: 'same', roles: REVIEW, side: 'hotline' },
  'reject-extension': { from: ['in_progress', 'reopened'], to: 'same', roles: REVIEW, side: 'hotline' },
  merge: { from: ACTIVE, to: 'merged', roles: HOTLINE_DESK, side: 'hotline' },
  supervise: { from: [...ACTIVE, 'replied'], to: 'same', roles: SUPERVISE, side: 'hotline' },
  suspend: {
    from: ['dispatched', 'in_progress', 'reopened'],
    to: 'suspended',
    roles: REVIEW,
    side: 'hotline',
  },
  resume: { from: ['suspended'], to: 'previous', roles: REVIEW, side: 'hotline' },
  /**
   * 二级派单: a district hotline branch holding the assignment passes it down to a street or
   * district department in its subtree; the new unit must sign for it again.
   */
  subdispatch: {
    from: ['dispatched', 'in_progress', 'reopened'],
    to: 'dispatched',
    roles: ['dispatcher', 'unit_manager', 'unit_handler'],
    side: 'unit',
  },
  /** 派单异议审核 refused: the return is rejected and the unit that returned it must handle it. */
  'reject-return': { from: ['returned'], to: 'dispatched', roles: DISPATCH, side: 'hotline' },
  /** 催办: a reminder to the units holding the ticket (also sent automatically at warning and breach). */
  chase: {
    from: [...ACTIVE, 'replied'],
    to: 'same',
    roles: [...HOTLINE_DESK, 'supervisor'],
    side: 'hotline',
  },
  /** 审核签发: the unit manager sends the handler's draft reply (as written or edited) to the hotline. */
  'signoff-reply': { from: ['in_progress'], to: 'replied', roles: ['unit_manager'], side: 'unit' },
  /** 退回修改: the unit manager hands the draft back to the handler, who replies again. */
  'return-draft': { from: ['in_progress'], to: 'same', roles: ['unit_manager'], side: 'unit' },
};

/** What the guards need to know about a ticket beyond its status. */
export type TTransitionSubject = {
  status: TTicketStatus;
  statusBeforeSuspend?: TTicketStatus | null;
  extensionPending?: boolean;
  callbackDone?: boolean;
  /** The acting user's own unit holds an assignment whose reply awaits its manager's sign-off. */
  signoffPending?: boolean;
};

export type TTransitionContext = { role: TRole; satisfied?: boolean };

/** Checks state, role and the few field guards; returns the status the ticket moves to. */
export function assertCanTransition(
  subject: TTransitionSubject,
  action: TTicketAction,
  ctx: TTransitionContext,
): TTicketStatus {
  const t = TICKET_TRANSITIONS[action];
  if (!t.roles.includes(ctx.role)) {
    throw new AppError('FORBIDDEN', `Role ${ctx.role} may not ${action} a ticket`, {
      action,
      role: ctx.role,
    });
  }
  if (!t.from.includes(subject.status)) {
    throw new AppError('ILLEGAL_TRANSITION', `Cannot ${action} a ticket that is ${subject.status}`, {
      action,
      status: subject.status,
      allowedFrom: t.from,
    });
  }
  const guard = guardFailure(subject, action);
  if (guard) throw new AppError('ILLEGAL_TRANSITION', guard, { action, status: subject.status });
  return resolveTarget(subject, t, ctx);
}

function guardFailure(s: TTransitionSubject, action: TTicketAction): string | null {
  switch (action) {
    case 'request-extension':
      return s.extensionPending ? 'An extension request is already pending' : null;
    case 'approve-extension':
    case 'reject-extension':
      return s.extensionPending ? null : 'There is no pending extension request';
    case 'callback':
      return s.callbackDone ? 'The citizen has already been called back' : null;
    case 'close':
      return s.callbackDone ? null : 'Call the citizen back before closing the ticket';
    case 'resume':
      return s.statusBeforeSuspend ? null : 'The ticket has no status to resume to';
    case 'reply':
      return s.signoffPending ? "Your unit's reply is awaiting the unit manager's sign-off" : null;
    case 'signoff-reply':
    case 'return-draft':
      return s.signoffPending ? null : 'No reply of your unit is awaiting sign-off';
    default:
      return null;
  }
}

function resolveTarget(s: TTransitionSubject, t: TTransition, ctx: TTransitionContext): TTicketStatus {
  if (t.toWhenUnsatisfied && ctx.satisfied === false) return t.toWhenUnsatisfied;
  if (t.to === 'same') return s.status;
  if (t.to === 'previous') return s.statusBeforeSuspend as TTicketStatus;
  return t.to;
}

/** The actions this role could take on a ticket in this state (drives the buttons in the console). */
export function availableActions(subject: TTransitionSubject, role: TRole): TTicketAction[] {
  return TICKET_ACTIONS.filter((action) => {
    const t = TICKET_TRANSITIONS[action];
    return t.roles.includes(role) && t.from.includes(subject.status) && !guardFailure(subject, action);
  });
}

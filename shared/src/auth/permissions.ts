import { TICKET_ACTIONS, TICKET_TRANSITIONS, type TTicketAction } from '../ticket/ticket-transitions';
import type { TTicketScope } from './visibility';
import { ROLES, UNIT_ROLES, isUnitRole, type TRole } from './roles';

/**
 * How far a permission reaches: every record; the user's unit and the units below it; or only the
 * user's own records (their session, their desk).
 */
export const SCOPES = ['all', 'unit', 'self'] as const;
export type TScope = (typeof SCOPES)[number];

type TGrant = Partial<Record<TRole, TScope>>;

const ALL_ROLES_ALL: TGrant = Object.fromEntries(ROLES.map((r) => [r, 'all']));
/** The city centre's roles see everything; a unit's staff its own subtree. */
const STAFF_BY_UNIT: TGrant = {
  agent: 'all',
  dispatcher: 'all',
  supervisor: 'all',
  admin: 'all',
  unit_handler: 'unit',
  unit_manager: 'unit',
};
const HOTLINE_ALL: TGrant = { agent: 'all', dispatcher: 'all', supervisor: 'all', admin: 'all' };
const CITY_READERS: TGrant = { supervisor: 'all', admin: 'all' };
const ADMIN_ONLY: TGrant = { admin: 'all' };

const grantOf = (roles: readonly TRole[]): TGrant =>
  Object.fromEntries(roles.map((r) => [r, isUnitRole(r) ? 'unit' : 'all']));

/** Lifecycle actions come from the transition table itself, so the two cannot drift apart. */
const TICKET_ACTION_GRANTS = Object.fromEntries(
  TICKET_ACTIONS.map((a) => [`ticket.${a}`, grantOf(TICKET_TRANSITIONS[a].roles)]),
) as Record<`ticket.${TTicketAction}`, TGrant>;

const BASE_GRANTS = {
  'session.self': Object.fromEntries(ROLES.map((r) => [r, 'self'])) as TGrant,

  'ticket.read': STAFF_BY_UNIT,
  'ticket.create': HOTLINE_ALL,
  'ticket.attach': STAFF_BY_UNIT,
  /** Duplicates of what an agent is typing, searched across the city. */
  'ticket.duplicates': HOTLINE_ALL,
  /** Revealing a citizen's full phone / ID number (lists and details are masked). */
  'ticket.contact.read': HOTLINE_ALL,

  /** Published articles for everyone; a unit's staff also see their own unit's drafts. */
  'kb.read': STAFF_BY_UNIT,
  'kb.propose': {
    dispatcher: 'all',
    supervisor: 'all',
    admin: 'all',
    unit_handler: 'unit',
    unit_manager: 'unit',
  },
  'kb.review': CITY_READERS,

  'kpi.read': { supervisor: 'all', admin: 'all', unit_manager: 'unit' },
  'kpi.city': CITY_READERS,
  'kpi.rebuild': ADMIN_ONLY,
  'stats.overview': { supervisor: 'all', admin: 'all', dispatcher: 'all' },
  'reports.read': CITY_READERS,

  'assessment.read': CITY_READERS,
  'assessment.run': CITY_READERS,
  'assessment.manage': ADMIN_ONLY,
  /** A unit's score item by item: the centre any unit, a unit its own subtree. */
  'assessment.unit.read': STAFF_BY_UNIT,

  'hot_topics.read': CITY_READERS,
  'hot_topics.handle': CITY_READERS,
  'alerts.read': CITY_READERS,
  'alerts.check': ADMIN_ONLY,

  'polls.read': HOTLINE_ALL,
  'polls.run': CITY_READERS,
  'polls.answer': { agent: 'all', supervisor: 'all' },

  'triage.handle': { agent: 'all', dispatcher: 'all', supervisor: 'all' },
  /** The centre's call records (missed calls, call-backs, statistics). */
  'calls.handle': HOTLINE_ALL,
  /** The user's own desk: the telephone extension their screen pops come to. */
  'calls.desk': { agent: 'self', dispatcher: 'self', supervisor: 'self', admin: 'self' },

  'dispatch_rules.read': ALL_ROLES_ALL,
  'dispatch_rules.manage': ADMIN_ONLY,
  'routing.suggest': STAFF_BY_UNIT,
  'routing.models.read': { admin: 'all', supervisor: 'all', dispatcher: 'all' },
  'routing.models.train': ADMIN_ONLY,
  'settings.read': ALL_ROLES_ALL,
  'settings.manage': ADMIN_ONLY,
  'reference.read': ALL_ROLES_ALL,
  'reference.manage': ADMIN_ONLY,

  'audit.read': ADMIN_ONLY,
  'sessions.manage': ADMIN_ONLY,

  /** Joining a ticket's room: the same visibility as reading it. */
  'socket.ticket.watch': STAFF_BY_UNIT,
  /** The supervisors' room: city-wide figures (KPI updates, hot-topic alerts). */
  'socket.supervisors': CITY_READERS,
} as const satisfies Record<string, TGrant>;

export type TPermission = keyof typeof BASE_GRANTS | `ticket.${TTicketAction}`;

/**
 * THE permission matrix: action → role → scope. A role not listed may not do the action. The
 * server checks it on every REST route (the route table names each route's action) and every
 * socket event; the console may read it to hide what a role cannot do.
 */
export const PERMISSIONS: Readonly<Record<TPermission, Readonly<TGrant>>> = {
  ...BASE_GRANTS,
  ...TICKET_ACTION_GRANTS,
};

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as TPermission[];

export function isPermission(name: string): name is TPermission {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, name);
}

/** The scope a role has for an action, or null when the role may not do it. */
export function scopeOf(role: TRole, action: TPermission): TScope | null {
  return PERMISSIONS[action][role] ?? null;
}

export function can(role: TRole, action: TPermission): boolean {
  return scopeOf(role, action) !== null;
}

/** The roles that may do an action, in ROLES order. */
export function rolesWith(action: TPermission): TRole[] {
  return ROLES.filter((r) => can(r, action));
}

/**
 * A user's scope: the role's, narrowed to the unit subtree for staff outside the city centre (a
 * district branch's dispatcher has the dispatcher's rights over its own districts' records, and
 * none over what only the centre keeps, such as polls). `ticketScope` is ticketScopeOf(user).
 */
export function userScopeOf(role: TRole, ticketScope: TTicketScope, action: TPermission): TScope | null {
  const scope = scopeOf(role, action);
  if (scope !== 'all' || ticketScope.kind === 'all') return scope;
  // Reference data every unit reads whole (units, categories, the dispatch catalogue) stays whole.
  return UNIT_ROLES.some((r) => scopeOf(r, action) === 'all') ? 'all' : 'unit';
}

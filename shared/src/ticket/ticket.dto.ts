import type { TRole } from '../auth/roles';
import type { TDeadlineState } from '../sla/deadline';
import type { TTicketEventType } from './events';
import type {
  TAssignmentRole,
  TChannel,
  TDeadlineKind,
  TLine,
  TSatisfaction,
  TSupervisionLevel,
  TTicketType,
  TUnitKind,
  TUrgency,
} from './ticket-enums';
import type { TTicketStatus } from './ticket-status';
import type { TTicketAction } from './ticket-transitions';

/** API response shapes, shared by the server and the console. Dates are ISO strings. */
export type TSessionUser = {
  id: string;
  username: string;
  displayName: string;
  role: TRole;
  unitId: string;
  unitName: string;
  unitKind: TUnitKind;
  /** The user's unit passes tickets further down (a district hotline branch: two-level dispatch). */
  unitCanDispatch: boolean;
};

export type TTicketSummary = {
  id: string;
  no: string;
  line: TLine;
  channel: TChannel;
  type: TTicketType;
  urgency: TUrgency;
  title: string;
  status: TTicketStatus;
  categoryId: string | null;
  categoryName: string | null;
  leadUnitId: string | null;
  leadUnitName: string | null;
  districtName: string | null;
  /** The next deadline that applies now (sign-for, reply or callback) and which one it is. */
  dueAt: string | null;
  dueKind: TDeadlineKind | null;
  overdue: boolean;
  supervisionLevel: TSupervisionLevel | null;
  confidential: boolean;
  citizenPhoneMasked: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
} & TTicketQueueFields;

/**
 * What the work queues (`GET /tickets?queue=`) add to their rows; absent from other lists.
 * Reasons are null on confidential tickets for readers who may not read them.
 */
export type TTicketQueueFields = {
  /** `returned`: the unit's 退单 reason, which unit returned it and when. */
  returnReason?: string | null;
  returnedByUnitName?: string | null;
  returnedAt?: string | null;
  /** `extension_requests`: the pending request (working days) and who asked. */
  extensionRequest?: {
    days: number;
    reason: string | null;
    requestedAt: string;
    unitName: string | null;
  } | null;
  /**
   * `unit_urgent`: the nearest open sign-for / reply deadline of the user's own unit, with its
   * state when listed (`paused` while the ticket is suspended and the clock stands still);
   * `warnAt` lets the console turn the row amber live.
   */
  nextDeadline?: {
    kind: TDeadlineKind;
    dueAt: string | null;
    warnAt: string | null;
    state: TDeadlineState | 'paused';
  } | null;
  /** `unit_urgent`: the user's own unit's open assignment on the ticket (which actions fit). */
  unitAssignment?: { role: TAssignmentRole; status: 'pending' | 'signed' | 'awaiting_signoff' } | null;
  /** `callback_due`: when the reply was approved (the call-back clock started). */
  resolvedAt?: string | null;
};

export type TTicketDetail = TTicketSummary & {
  description: string;
  address: string | null;
  citizenName: string | null;
  /** 3201**********1234; the full number only through `GET /tickets/:id/contact` (audited). */
  citizenIdNumberMasked?: string | null;
  parentId: string | null;
  statusBeforeSuspend: TTicketStatus | null;
  childIds: string[];
  extensionPending: boolean;
  callbackDone: boolean;
  satisfaction: TSatisfaction | null;
  callId: string | null;
};

export type TTimelineEntry = {
  id: number;
  type: TTicketEventType;
  actorName: string | null;
  actorRole: TRole | 'system' | null;
  unitName: string | null;
  fromStatus: TTicketStatus | null;
  toStatus: TTicketStatus | null;
  payload: Record<string, unknown>;
  createdAt: string;
};

export type TAssignmentView = {
  id: string;
  unitId: string;
  unitName: string;
  role: TAssignmentRole;
  /** `forwarded`: a district branch passed it down (two-level dispatch) to a child assignment. */
  /** `awaiting_signoff`: a handler's reply waits for the unit manager's sign-off (审核签发). */
  status:
    'pending' | 'signed' | 'awaiting_signoff' | 'replied' | 'done' | 'returned' | 'cancelled' | 'forwarded';
  dispatchedAt: string;
  signedAt: string | null;
  repliedAt: string | null;
  replyContent: string | null;
  returnReason: string | null;
  /** The branch assignment this one was passed down from. */
  parentAssignmentId: string | null;
  forwardedAt: string | null;
  redoCount: number;
  returnDecision: 'accepted' | 'rejected' | null;
  /**
   * The draft reply the unit has not sent yet (awaiting sign-off, or returned for revision). Sent
   * only to users of the assignment's own unit: the draft has not left the unit; absent for others.
   */
  draftReplyContent?: string | null;
  draftReplySolved?: boolean | null;
  draftSubmittedAt?: string | null;
  draftSubmittedByName?: string | null;
};

export type TDeadlineView = {
  id: string;
  kind: TDeadlineKind;
  unitId: string | null;
  startAt: string;
  dueAt: string | null;
  warnAt: string | null;
  status: 'active' | 'met' | 'cancelled';
  warnedAt: string | null;
  breachedAt: string | null;
  metAt: string | null;
};

export type TTicketDetailResponse = {
  ticket: TTicketDetail;
  timeline: TTimelineEntry[];
  assignments: TAssignmentView[];
  deadlines: TDeadlineView[];
  availableActions: TTicketAction[];
};

export type TTicketListResponse = { items: TTicketSummary[]; nextCursor: string | null };

export type TUnitView = {
  id: string;
  code: string;
  name: string;
  kind: TUnitKind;
  parentId: string | null;
  canDispatch: boolean;
  active: boolean;
  /** 审核签发: its handlers' replies wait for the unit manager's sign-off before they leave the unit. */
  replySignoff?: boolean;
  /** Full pinyin and initials of the name, for search ("tianningqu… tnq…"). */
  pinyin?: string;
};
export type TCategoryView = {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  level: number;
  isLeaf: boolean;
  defaultUnitId: string | null;
  active: boolean;
  /** Full pinyin and initials of the name, for search ("zhandaojingying zdjy"). */
  pinyin?: string;
};

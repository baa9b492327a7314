import type {
  TActionInput,
  TTicketAction,
  TTicketEventType,
  TTicketStatus,
  TWorkCalendar,
} from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import type { TTx } from '../../../infra/db/client';
import type { assignments, tickets } from '../../../infra/db/schema';
import type { TActor } from '../../auth/actor';
import type { TSlaPolicy } from '../../sla/sla-policy.repository';
import type { TReferenceReads } from '../../dispatch/reference-cache';

export type TTicketRow = typeof tickets.$inferSelect;
export type TAssignmentRow = typeof assignments.$inferSelect;

/** What an action's effect gets: the locked ticket and everything needed to change it in the same transaction. */
export type TActionContext<A extends TTicketAction> = {
  ctx: TUseCaseContext;
  tx: TTx;
  cal: TWorkCalendar;
  policy: TSlaPolicy;
  /** Reference data (units, SLA policies) kept at the version read with the ticket's lock. */
  reads: TReferenceReads;
  ticket: TTicketRow;
  actor: TActor;
  /** The acting unit's assignment, for actions done by a unit. */
  assignment: TAssignmentRow | null;
  input: TActionInput<A>;
  now: Date;
};

/** What an effect hands back to the shell: fields to set on the ticket and details for the event. */
export type TActionEffect = {
  patch?: Partial<TTicketRow>;
  payload?: Record<string, unknown>;
  /** Unit the event is attributed to (defaults to the actor's unit). */
  unitId?: string | null;
  /** One of the transition's `alt` statuses instead of its `to`. */
  status?: TTicketStatus;
  /** The event to record instead of the action's usual one (a reply kept in the unit for sign-off). */
  event?: TTicketEventType;
};

export type TActionHandler<A extends TTicketAction> = (c: TActionContext<A>) => Promise<TActionEffect>;

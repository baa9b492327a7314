import {
  ACTION_EVENT,
  AppError,
  assertCanTransition,
  TICKET_TRANSITIONS,
  ZActionSchemas,
  type TRole,
  type TTicketAction,
  type TTicketStatus,
} from '@hotline/shared';
import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import type { TTx } from '../../../infra/db/client';
import { tickets } from '../../../infra/db/schema';
import { parseInput } from '../../../infra/http/validate';
import type { TActor, TUserActor } from '../../auth/actor';
import { ticketDueColumns } from '../../sla/deadlines';
import { findPolicyFor } from '../../sla/sla-policy.repository';
import { visibleTicketsCondition } from '../ticket-visibility';
import { referenceReadsFor } from '../../dispatch/reference-cache';
import type { TActionContext, TActionHandler, TAssignmentRow, TTicketRow } from './action-types';
import { assistAction } from './assist-actions';
import { findActorAssignment } from './assignments';
import { propagateToChildren } from './merged-children';
import { ACTION_HANDLERS } from './handlers';
import { recordTicketEvent } from './publish';
import { findAwaitingDraft } from './submit-reply-draft';
import { executeNamed, reusable } from '../../../infra/db/named';

/** Assignment statuses in which a unit may take each unit-side action. */
const UNIT_ASSIGNMENT_STATUSES: Partial<Record<TTicketAction, string[]>> = {
  sign: ['pending'],
  return: ['pending'],
  reply: ['signed'],
  'request-extension': ['signed'],
  subdispatch: ['pending', 'signed'],
};

/** 审核签发 actions: on the draft awaiting sign-off in the manager's own unit. */
const SIGNOFF_ACTIONS: readonly TTicketAction[] = ['signoff-reply', 'return-draft'];

/**
 * Every lifecycle action goes through here: lock the ticket, check who may do what in which
 * state, apply the action's effect, and in the same transaction bump the version, write the
 * event, the recomputed deadlines and the outbox row.
 */
export async function performTicketAction(
  ctx: TUseCaseContext,
  actor: TActor,
  ticketId: string,
  action: TTicketAction,
  rawInput: unknown,
  /** Facts the system adds to the event (e.g. the router's reason and confidence); never from HTTP. */
  eventFacts: Record<string, unknown> = {},
): Promise<TTicketRow> {
  const input = parseInput(ZActionSchemas[action], rawInput ?? {});
  const cal = await ctx.calendar.get();
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const { ticket, referenceVersion } = await lockTicketAndReferences(tx, actor, ticketId);
    // The SLA policies and units an action reads, kept while the reference version stays.
    const reads = referenceReadsFor(ctx.db, referenceVersion);
    if (input.expectedVersion !== undefined && input.expectedVersion !== ticket.version) {
      throw new AppError('STALE_VERSION', 'The ticket was changed by someone else; reload it', {
        expectedVersion: input.expectedVersion,
        version: ticket.version,
      });
    }
    const role: TRole = actor.kind === 'user' ? actor.role : 'dispatcher';
    const transition = TICKET_TRANSITIONS[action];
    let assignment: TAssignmentRow | null = null;
    let awaitingDraft: TAssignmentRow | null = null;
    if (transition.side === 'unit' && actor.kind === 'user') {
      if (!transition.roles.includes(role))
        throw new AppError('FORBIDDEN', `Role ${role} may not ${action} a ticket`);
      awaitingDraft = await findAwaitingDraft(tx, ticketId, actor.unitId);
      assignment = SIGNOFF_ACTIONS.includes(action)
        ? awaitingDraft
        : await findActorAssignment(tx, ticketId, actor.unitPath, UNIT_ASSIGNMENT_STATUSES[action] ?? []);
      if (!assignment) {
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `Your unit has no assignment on this ticket that it can ${action}`,
          {
            action,
            status: ticket.status,
          },
        );
      }
      if (assignment.role === 'assist')
        return assistAction(ctx, tx, ticket, actor, assignment, action, input, now);
    }
    const satisfied =
      action === 'callback' ? (input as { satisfaction: string }).satisfaction !== 'unsatisfied' : undefined;
    const next = assertCanTransition(
      {
        status: ticket.status as TTicketStatus,
        statusBeforeSuspend: ticket.statusBeforeSuspend as TTicketStatus | null,
        extensionPending: ticket.extensionPending,
        callbackDone: ticket.callbackDone,
        signoffPending: awaitingDraft !== null,
      },
      action,
      { role, satisfied },
    );
    const policy = await findPolicyFor(tx, ticket, reads);
    const handler = ACTION_HANDLERS[action] as TActionHandler<typeof action>;
    const c: TActionContext<typeof action> = {
      ctx,
      tx,
      cal,
      policy,
      reads,
      ticket,
      actor,
      assignment,
      input,
      now,
    };
    const effect = await handler(c);
    if (effect.status && !transition.alt?.includes(effect.status)) {
      throw new Error(`${action} may not lead to ${effect.status}`);
    }
    const [row] = await updateTicket(tx, ticket.id, {
      ...effect.patch,
      status: effect.status ?? next,
      version: ticket.version + 1,
      updatedAt: now,
    });
    const { hasMergedChildren, ...updated } = row!;
    const note = (input as { note?: string }).note;
    await recordTicketEvent(tx, {
      ticket: updated,
      type: effect.event ?? ACTION_EVENT[action],
      actor,
      unitId: effect.unitId !== undefined ? effect.unitId : actor.kind === 'user' ? actor.unitId : null,
      fromStatus: ticket.status,
      payload: { ...(note ? { note } : {}), ...effect.payload, ...eventFacts },
      now,
    });
    if (hasMergedChildren) await propagateToChildren(ctx, tx, updated, ticket.status, now);
    return updated;
  });
}

const updateStatements = new Map<string, ReturnType<typeof updateStatementFor>>();

/**
 * The action's update of the ticket row, with the headline deadline from the clocks the effect
 * opened or closed. Built once per shape of the patch (which columns, which of them set to null:
 * a placeholder would go through the column's encoder, which a null does not survive) and reused.
 */
function updateTicket(tx: TTx, id: string, patch: Partial<TTicketRow>) {
  const set = Object.entries(patch).filter(([, v]) => v !== undefined);
  const key = set.map(([k, v]) => (v === null ? `${k}:null` : k)).join(',');
  let statement = updateStatements.get(key);
  if (!statement) {
    statement = updateStatementFor(set.map(([k, v]) => [k as keyof TTicketRow, v === null]));
    if (updateStatements.size < 64) updateStatements.set(key, statement);
  }
  return statement(tx, { ...Object.fromEntries(set), id });
}

function updateStatementFor(columns: [keyof TTicketRow, boolean][]) {
  return reusable((db) =>
    db
      .update(tickets)
      .set({
        ...Object.fromEntries(columns.map(([k, isNull]) => [k, isNull ? null : sql.placeholder(k)])),
        ...ticketDueColumns(),
        // Who may see it, from its assignments as the action left them (migration 0013): the body
        // of ticket_audience() written out, so it is planned with the statement, once, where
        // the SQL function was planned on every call (0.2 ms of the update's 0.5).
        audienceUnitIds: sql`(select coalesce(array_agg(distinct x::uuid order by x::uuid), '{}'::uuid[])
          from assignments a join units u on u.id = a.unit_id,
            unnest(string_to_array(trim(both '/' from u.path), '/')) as x
          where a.ticket_id = ${tickets.id} and a.status <> 'cancelled' and x <> '')`,
      })
      .where(eq(tickets.id, sql.placeholder('id')))
      // Whether tickets merged into this one follow it: nearly never, so asked here, not apart.
      // (`tickets.id` spelled out: drizzle leaves RETURNING's columns unqualified, and the
      // subquery's own table would take the name.)
      .returning({
        ...getTableColumns(tickets),
        hasMergedChildren: sql<boolean>`exists (select 1 from tickets k where k.parent_id = tickets.id and k.status = 'merged')`,
      }),
  );
}

/** Locks the row for the transaction; a user who may not see it gets 404, as if it did not exist. */
export async function lockTicket(tx: TTx, actor: TActor, ticketId: string): Promise<TTicketRow> {
  return (await lockTicketAndReferences(tx, actor, ticketId)).ticket;
}

const lockStatement = reusable((db) =>
  db
    .select({
      ...getTableColumns(tickets),
      referenceVersion: sql<number>`(select version from reference_version)::float8`,
    })
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('id')))
    .for('update', { of: tickets }),
);

/**
 * lockTicket, and in the same statement the reference version (migrations 0009, 0012): what the
 * action reads of units and SLA policies is kept per version, so a change applies at once.
 */
async function lockTicketAndReferences(
  tx: TTx,
  actor: TActor,
  ticketId: string,
): Promise<{ ticket: TTicketRow; referenceVersion: number }> {
  // The system (router, SLA clock) sees every ticket: no visibility round trip for it.
  if (actor.kind === 'user') {
    const visible = visibleTicketsCondition(actor as TUserActor);
    const res = await executeNamed(
      tx,
      sql`select t.id from tickets t where t.id = ${ticketId} and ${visible}`,
    );
    if (!res.rows.length) throw new AppError('NOT_FOUND', 'Ticket not found');
  }
  const [row] = await lockStatement(tx, { id: ticketId });
  if (!row) throw new AppError('NOT_FOUND', 'Ticket not found');
  const { referenceVersion, ...ticket } = row;
  return { ticket, referenceVersion };
}

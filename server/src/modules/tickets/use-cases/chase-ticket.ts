import { and, eq, inArray } from 'drizzle-orm';
import { assignments } from '../../../infra/db/schema';
import type { TActionHandler } from './action-types';
import { WORKING_ASSIGNMENT_STATUSES } from './assignments';

/** 催办: a reminder to every unit still working on the ticket; counted per unit in assessments. */
export const chaseTicket: TActionHandler<'chase'> = async ({ tx, ticket, input }) => {
  const open = await tx
    .select({ unitId: assignments.unitId })
    .from(assignments)
    .where(
      and(eq(assignments.ticketId, ticket.id), inArray(assignments.status, WORKING_ASSIGNMENT_STATUSES)),
    );
  return {
    payload: { auto: false, message: input.message ?? null, unitIds: open.map((o) => o.unitId) },
    unitId: ticket.leadUnitId,
  };
};

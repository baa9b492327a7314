import type { TActionHandler } from './action-types';

/** 督办: a supervisor marks the ticket (normal / yellow / red card); the unit sees it stand out. */
export const superviseTicket: TActionHandler<'supervise'> = async ({ ticket, input }) => ({
  patch: { supervisionLevel: input.level },
  payload: { level: input.level, note: input.note },
  unitId: ticket.leadUnitId,
});

import { eq } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { assignments } from '../../../infra/db/schema';
import type { TActionHandler, TAssignmentRow } from './action-types';

/**
 * Hands the draft back to the handlers: the assignment is signed-for again, so they can reply
 * anew; the draft stays for them to edit, and the reply clock never stopped.
 */
export async function returnDraftToHandler(
  tx: TTx,
  a: TAssignmentRow,
  reason: string,
): Promise<Record<string, unknown>> {
  await tx.update(assignments).set({ status: 'signed' }).where(eq(assignments.id, a.id));
  return { reason, unitId: a.unitId };
}

/** 退回修改: the unit manager does not sign the draft off and says why. */
export const returnDraft: TActionHandler<'return-draft'> = async ({ tx, assignment, input }) => {
  const a = assignment!;
  return { payload: await returnDraftToHandler(tx, a, input.reason), unitId: a.unitId };
};

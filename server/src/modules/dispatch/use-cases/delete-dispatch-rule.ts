import type { TDispatchRuleDto } from '@hotline/shared';
import { eq } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { dispatchRules } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { recordRuleVersion } from '../dispatch-rules.repository';
import { lockLiveRule } from './update-dispatch-rule';

/**
 * Soft delete: the rule stops routing but keeps its row and history, so "who removed the rule
 * that used to send these to X" stays answerable. Its key is free for a new rule at once.
 */
export async function deleteDispatchRule(
  ctx: TUseCaseContext,
  actor: TUserActor,
  id: string,
  expectedVersion?: number,
): Promise<TDispatchRuleDto> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const current = await lockLiveRule(tx, id, expectedVersion);
    await tx
      .update(dispatchRules)
      .set({ active: false, version: current.version + 1, updatedBy: actor.id, updatedAt: now })
      .where(eq(dispatchRules.id, id));
    return recordRuleVersion(tx, { ruleId: id, change: 'deleted', by: actor, now });
  });
}

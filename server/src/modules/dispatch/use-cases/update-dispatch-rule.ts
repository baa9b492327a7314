import { AppError, type TDispatchRuleDto, type TDispatchRuleInput } from '@hotline/shared';
import { eq } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import type { TTx } from '../../../infra/db/client';
import { dispatchRules } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import {
  assertRuleTargets,
  findLiveRuleByKey,
  isRuleKeyConflict,
  recordRuleVersion,
} from '../dispatch-rules.repository';
import { assistingOf, keyConflict } from './create-dispatch-rule';

type TRuleRow = typeof dispatchRules.$inferSelect;

/** Locks a live rule and checks the editor saw its current version. */
export async function lockLiveRule(tx: TTx, id: string, expectedVersion?: number): Promise<TRuleRow> {
  const [rule] = await tx.select().from(dispatchRules).where(eq(dispatchRules.id, id)).for('update');
  if (!rule) throw new AppError('NOT_FOUND', 'Dispatch rule not found', { id });
  if (expectedVersion !== undefined && expectedVersion !== rule.version)
    throw new AppError('STALE_VERSION', 'The rule was changed by someone else; reload it', {
      expectedVersion,
      version: rule.version,
    });
  if (!rule.active) throw new AppError('CONFLICT', 'The rule was deleted', { id });
  return rule;
}

/** Changes a rule: a new version and its history row in the same transaction. */
export async function updateDispatchRule(
  ctx: TUseCaseContext,
  actor: TUserActor,
  id: string,
  patch: Partial<TDispatchRuleInput> & { expectedVersion?: number },
): Promise<TDispatchRuleDto> {
  const { expectedVersion, ...change } = patch;
  const now = ctx.clock();
  try {
    return await ctx.db.transaction(async (tx) => {
      const current = await lockLiveRule(tx, id, expectedVersion);
      const merged = {
        categoryId: change.categoryId ?? current.categoryId,
        districtId: change.districtId !== undefined ? change.districtId : current.districtId,
        line: (change.line !== undefined ? change.line : current.line) as TDispatchRuleInput['line'],
        leadUnitId: change.leadUnitId ?? current.leadUnitId,
        assistingUnitIds: change.assistingUnitIds ?? current.assistingUnitIds,
        note: change.note !== undefined ? change.note : current.note,
      };
      const next = { ...merged, assistingUnitIds: assistingOf(merged) };
      await assertRuleTargets(tx, next);
      const clash = await findLiveRuleByKey(tx, next, id);
      if (clash) throw keyConflict(clash.id);
      await tx
        .update(dispatchRules)
        .set({ ...next, version: current.version + 1, updatedBy: actor.id, updatedAt: now })
        .where(eq(dispatchRules.id, id));
      return recordRuleVersion(tx, { ruleId: id, change: 'updated', by: actor, now });
    });
  } catch (err) {
    if (isRuleKeyConflict(err)) throw keyConflict(null);
    throw err;
  }
}

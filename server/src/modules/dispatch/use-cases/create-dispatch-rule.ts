import { AppError, type TDispatchRuleDto, type TDispatchRuleInput } from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import { dispatchRules } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import {
  assertRuleTargets,
  findLiveRuleByKey,
  isRuleKeyConflict,
  recordRuleVersion,
} from '../dispatch-rules.repository';

/** Adds a 派单目录 rule; one live rule per (category, district, line), its history starting at version 1. */
export async function createDispatchRule(
  ctx: TUseCaseContext,
  actor: TUserActor,
  input: TDispatchRuleInput,
): Promise<TDispatchRuleDto> {
  const rule = { ...input, assistingUnitIds: assistingOf(input) };
  const now = ctx.clock();
  try {
    return await ctx.db.transaction(async (tx) => {
      await assertRuleTargets(tx, rule);
      const existing = await findLiveRuleByKey(tx, rule);
      if (existing) throw keyConflict(existing.id);
      const [row] = await tx
        .insert(dispatchRules)
        .values({ ...rule, version: 1, updatedBy: actor.id, createdAt: now, updatedAt: now })
        .returning({ id: dispatchRules.id });
      return recordRuleVersion(tx, { ruleId: row!.id, change: 'created', by: actor, now });
    });
  } catch (err) {
    if (isRuleKeyConflict(err)) throw keyConflict(null);
    throw err;
  }
}

/** The lead unit is not its own 协办, and naming a unit twice would assign it twice. */
export function assistingOf(input: Pick<TDispatchRuleInput, 'leadUnitId' | 'assistingUnitIds'>): string[] {
  return [...new Set(input.assistingUnitIds)].filter((id) => id !== input.leadUnitId);
}

export function keyConflict(ruleId: string | null): AppError {
  return new AppError(
    'CONFLICT',
    'A live rule for this category, district and line exists; edit that one instead',
    { ruleId },
  );
}

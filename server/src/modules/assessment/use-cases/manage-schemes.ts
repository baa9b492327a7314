import { AppError, type TAssessmentScheme, type ZAssessmentSchemeInput } from '@hotline/shared';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TUseCaseContext } from '../../../app-context';
import { assessmentSchemes } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { findScheme, hasResults, toScheme } from '../assessment.repository';

type TInput = z.output<typeof ZAssessmentSchemeInput>;
type TCtx = Pick<TUseCaseContext, 'db' | 'clock' | 'logger'>;

export async function createScheme(ctx: TCtx, actor: TUserActor, input: TInput): Promise<TAssessmentScheme> {
  const [row] = await ctx.db
    .insert(assessmentSchemes)
    .values({ name: input.name, active: input.active, config: input.config, createdBy: actor.id })
    .returning();
  ctx.logger.info({ schemeId: row!.id, userId: actor.id }, 'assessment scheme created');
  return toScheme(row!);
}

/** Replaces a scheme; results already stored keep the figures they were scored with. */
export async function updateScheme(
  ctx: TCtx,
  actor: TUserActor,
  id: string,
  input: TInput,
): Promise<TAssessmentScheme> {
  const [row] = await ctx.db
    .update(assessmentSchemes)
    .set({ name: input.name, active: input.active, config: input.config, updatedAt: sql`now()` })
    .where(eq(assessmentSchemes.id, id))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', 'No such assessment scheme');
  ctx.logger.info({ schemeId: id, userId: actor.id }, 'assessment scheme updated');
  return toScheme(row);
}

/** A scheme with stored rankings is kept for them: switch it off instead. */
export async function deleteScheme(ctx: TCtx, actor: TUserActor, id: string): Promise<void> {
  if (!(await findScheme(ctx.db, id))) throw new AppError('NOT_FOUND', 'No such assessment scheme');
  if (await hasResults(ctx.db, id))
    throw new AppError('CONFLICT', 'This scheme has stored rankings; deactivate it instead');
  await ctx.db.delete(assessmentSchemes).where(eq(assessmentSchemes.id, id));
  ctx.logger.info({ schemeId: id, userId: actor.id }, 'assessment scheme deleted');
}

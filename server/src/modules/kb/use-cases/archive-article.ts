import { AppError, toShanghaiDate, type TKbArticle } from '@hotline/shared';
import { and, eq, ne } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { kbArticles } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { articleView, findArticle } from '../kb.repository';

/**
 * Takes an article out of use (agents no longer find it); its history stays. An approved new
 * version publishes it again.
 */
export async function archiveKbArticle(
  ctx: TUseCaseContext,
  actor: TUserActor,
  articleId: string,
): Promise<TKbArticle> {
  const now = ctx.clock();
  const today = toShanghaiDate(now);
  if (!(await findArticle(ctx.db, articleId, today))) {
    throw new AppError('NOT_FOUND', 'Knowledge base article not found', { articleId });
  }
  const updated = await ctx.db
    .update(kbArticles)
    .set({ status: 'archived', updatedAt: now })
    .where(and(eq(kbArticles.id, articleId), ne(kbArticles.status, 'archived')))
    .returning({ id: kbArticles.id });
  if (!updated.length) throw new AppError('CONFLICT', 'The article is archived already', { articleId });
  return articleView(ctx.db, actor, (await findArticle(ctx.db, articleId, today))!);
}

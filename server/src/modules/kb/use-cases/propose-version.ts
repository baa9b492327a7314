import {
  AppError,
  canProposeKbVersion,
  toShanghaiDate,
  type TKbVersion,
  type TKbVersionProposalInput,
} from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { kbArticleVersions } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { prepareKbProposal } from '../kb-proposal';
import { findVersion, findVisibleArticle, versionView } from '../kb.repository';

/**
 * Proposes a change to an article. One proposal at a time: a second one while the first waits
 * for review, or one written against an older version than the current, is a 409, so a reviewer
 * never approves a change that silently undoes another. The owning unit does not change here.
 */
export async function proposeKbVersion(
  ctx: TUseCaseContext,
  actor: TUserActor,
  articleId: string,
  input: TKbVersionProposalInput,
): Promise<TKbVersion> {
  const now = ctx.clock();
  const article = await findVisibleArticle(ctx.db, actor, articleId, toShanghaiDate(now));
  if (!canProposeKbVersion(actor, article.summary)) {
    throw new AppError('FORBIDDEN', 'Units propose changes to their own articles only');
  }
  const p = await prepareKbProposal(ctx.db, actor, { ...input, ownerUnitId: article.summary.ownerUnitId });
  const versionId = await ctx.db.transaction(async (tx) => {
    // The row lock orders concurrent proposals: the second one finds the first pending.
    const { rows } = await tx.execute(sql`
      select a.version,
        (select coalesce(max(v.version), 0) from kb_article_versions v where v.article_id = a.id) as last_version,
        exists (select 1 from kb_article_versions v where v.article_id = a.id and v.status = 'pending') as pending
      from kb_articles a where a.id = ${articleId} for update`);
    const current = rows[0]!;
    if (current.pending) {
      throw new AppError('CONFLICT', 'A proposed version of this article is already waiting for review', {
        articleId,
      });
    }
    if (Number(current.version) !== input.baseVersion) {
      throw new AppError('STALE_VERSION', 'The article changed since you opened it; reload it', {
        baseVersion: input.baseVersion,
        version: Number(current.version),
      });
    }
    const [v] = await tx
      .insert(kbArticleVersions)
      .values({
        articleId,
        version: Number(current.last_version) + 1,
        status: 'pending',
        title: p.title,
        bodyHtml: p.bodyHtml,
        categoryIds: p.categoryIds,
        effectiveFrom: p.effectiveFrom,
        expiresOn: p.expiresOn,
        proposedBy: actor.id,
        proposedByUnitId: actor.unitId,
        proposedAt: now,
      })
      .returning({ id: kbArticleVersions.id });
    return v!.id;
  });
  return versionView((await findVersion(ctx.db, versionId))!);
}

import {
  AppError,
  canProposeKb,
  toShanghaiDate,
  type TKbArticle,
  type TKbProposalInput,
} from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import { kbArticles, kbArticleVersions } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { articleSearchTerms, prepareKbProposal } from '../kb-proposal';
import { articleView, findArticle } from '../kb.repository';

/**
 * A new article starts as a draft holding its first version, which waits for the hotline's
 * review; nobody but reviewers, the owning unit and the proposer sees it until it is approved.
 */
export async function proposeKbArticle(
  ctx: TUseCaseContext,
  actor: TUserActor,
  input: TKbProposalInput,
): Promise<TKbArticle> {
  if (!canProposeKb(actor.role)) throw new AppError('FORBIDDEN', 'Your role may not propose articles');
  const p = await prepareKbProposal(ctx.db, actor, input);
  const now = ctx.clock();
  const articleId = await ctx.db.transaction(async (tx) => {
    const [article] = await tx
      .insert(kbArticles)
      .values({
        status: 'draft',
        title: p.title,
        bodyHtml: p.bodyHtml,
        bodyText: p.bodyText,
        searchTerms: await articleSearchTerms(tx, p),
        categoryIds: p.categoryIds,
        ownerUnitId: p.ownerUnitId,
        effectiveFrom: p.effectiveFrom,
        expiresOn: p.expiresOn,
        version: 1,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: kbArticles.id });
    await tx.insert(kbArticleVersions).values({
      articleId: article!.id,
      version: 1,
      status: 'pending',
      title: p.title,
      bodyHtml: p.bodyHtml,
      categoryIds: p.categoryIds,
      effectiveFrom: p.effectiveFrom,
      expiresOn: p.expiresOn,
      proposedBy: actor.id,
      proposedByUnitId: actor.unitId,
      proposedAt: now,
    });
    return article!.id;
  });
  const row = await findArticle(ctx.db, articleId, toShanghaiDate(now));
  return articleView(ctx.db, actor, row!);
}

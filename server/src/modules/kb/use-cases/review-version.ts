import {
  AppError,
  canApproveKbVersion,
  toShanghaiDate,
  type TKbApproveInput,
  type TKbArticle,
  type TKbRejectInput,
  type TKbVersion,
} from '@hotline/shared';
import { eq, sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import type { TTx } from '../../../infra/db/client';
import { kbArticles, kbArticleVersions } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { sanitizeKbBody } from '../kb-html';
import { articleSearchTerms } from '../kb-proposal';
import { articleView, findArticle, findVersion, versionView, type TVersionRow } from '../kb.repository';

/** Locks the version's article, then re-reads the version: only a pending one may be decided. */
async function lockPending(tx: TTx, versionId: string): Promise<TVersionRow> {
  const v = await findVersion(tx, versionId);
  if (!v) throw new AppError('NOT_FOUND', 'Version not found', { versionId });
  await tx.execute(sql`select id from kb_articles where id = ${v.articleId} for update`);
  const [row] = await tx
    .select({ status: kbArticleVersions.status })
    .from(kbArticleVersions)
    .where(eq(kbArticleVersions.id, versionId));
  if (row?.status !== 'pending') {
    throw new AppError('CONFLICT', `This version was already ${row?.status ?? 'decided'}`, {
      versionId,
      status: row?.status ?? null,
    });
  }
  return v;
}

/**
 * Approving publishes: the article takes the version's title, body, categories and dates, its
 * number, and the published status, in the same transaction as the decision. A supervisor may
 * not approve their own proposal (four eyes); an admin may.
 */
export async function approveKbVersion(
  ctx: TUseCaseContext,
  actor: TUserActor,
  versionId: string,
  input: TKbApproveInput,
): Promise<{ version: TKbVersion; article: TKbArticle }> {
  const now = ctx.clock();
  const articleId = await ctx.db.transaction(async (tx) => {
    const v = await lockPending(tx, versionId);
    if (!canApproveKbVersion(actor, v)) {
      throw new AppError('FORBIDDEN', 'Someone else must review your own proposal');
    }
    // Stored versions are sanitised already; once more costs little and keeps old rows honest.
    const body = sanitizeKbBody(v.bodyHtml);
    await tx
      .update(kbArticleVersions)
      .set({
        status: 'approved',
        reviewedBy: actor.id,
        reviewedAt: now,
        reviewComment: input.comment || null,
      })
      .where(eq(kbArticleVersions.id, versionId));
    await tx
      .update(kbArticles)
      .set({
        status: 'published',
        title: v.title,
        bodyHtml: body.html,
        bodyText: body.text,
        searchTerms: await articleSearchTerms(tx, {
          title: v.title,
          bodyText: body.text,
          categoryIds: v.categoryIds,
        }),
        categoryIds: v.categoryIds,
        effectiveFrom: v.effectiveFrom,
        expiresOn: v.expiresOn,
        version: v.version,
        updatedAt: now,
      })
      .where(eq(kbArticles.id, v.articleId));
    return v.articleId;
  });
  const [version, article] = await Promise.all([
    findVersion(ctx.db, versionId),
    findArticle(ctx.db, articleId, toShanghaiDate(now)),
  ]);
  return { version: versionView(version!), article: await articleView(ctx.db, actor, article!) };
}

/** Rejecting sends the proposal back with the reviewer's reason; the article stays as it was. */
export async function rejectKbVersion(
  ctx: TUseCaseContext,
  actor: TUserActor,
  versionId: string,
  input: TKbRejectInput,
): Promise<{ version: TKbVersion }> {
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await lockPending(tx, versionId);
    await tx
      .update(kbArticleVersions)
      .set({ status: 'rejected', reviewedBy: actor.id, reviewedAt: now, reviewComment: input.comment })
      .where(eq(kbArticleVersions.id, versionId));
  });
  return { version: versionView((await findVersion(ctx.db, versionId))!) };
}

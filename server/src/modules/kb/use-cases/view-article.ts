import { seesUnpublishedKb, toShanghaiDate, type TKbArticle, type TKbVersion } from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import type { TUserActor } from '../../auth/actor';
import { articleView, findVisibleArticle, listVersions, recordKbUsage, versionView } from '../kb.repository';

/** Opens an article and records the view (views are counted apart from citations). */
export async function viewKbArticle(
  ctx: TUseCaseContext,
  actor: TUserActor,
  articleId: string,
): Promise<TKbArticle> {
  const now = ctx.clock();
  const row = await findVisibleArticle(ctx.db, actor, articleId, toShanghaiDate(now));
  await recordKbUsage(ctx.db, { articleId, kind: 'view', userId: actor.id, at: now });
  return articleView(ctx.db, actor, row);
}

/**
 * An article's history. Those who see its drafts see every proposal with the reviewers'
 * comments; everyone else the versions that were published and their own proposals.
 */
export async function listKbVersions(
  ctx: TUseCaseContext,
  actor: TUserActor,
  articleId: string,
): Promise<TKbVersion[]> {
  const row = await findVisibleArticle(ctx.db, actor, articleId, toShanghaiDate(ctx.clock()));
  const all = seesUnpublishedKb(actor, { ...row.summary, createdBy: row.createdBy });
  return (await listVersions(ctx.db, articleId, { onlyFor: all ? null : actor.id })).map(versionView);
}

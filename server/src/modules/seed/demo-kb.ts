import { eq, inArray } from 'drizzle-orm';
import type { TUseCaseContext } from '../../app-context';
import { categories, kbArticles, kbArticleVersions, units, users } from '../../infra/db/schema';
import type { TUserActor } from '../auth/actor';
import { proposeKbArticle } from '../kb/use-cases/propose-article';
import { proposeKbVersion } from '../kb/use-cases/propose-version';
import { approveKbVersion } from '../kb/use-cases/review-version';
import { DEMO_KB_COMPLAINTS } from './demo-kb-complaints';
import { DEMO_KB_DRAFT, DEMO_KB_GUIDES, DEMO_KB_PENDING_CHANGE, type TDemoKbArticle } from './demo-kb-data';

const DEMO_KB_ARTICLES: readonly TDemoKbArticle[] = [...DEMO_KB_GUIDES, ...DEMO_KB_COMPLAINTS];

const USERNAMES = ['admin', 'supervisor1', 'cgj_handler', 'cgj_manager'] as const;

async function demoActors(ctx: TUseCaseContext): Promise<Map<string, TUserActor>> {
  const rows = await ctx.db
    .select({ u: users, unit: units })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(inArray(users.username, [...USERNAMES]));
  return new Map(
    rows.map(({ u, unit }) => [
      u.username,
      {
        kind: 'user',
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role as TUserActor['role'],
        unitId: unit.id,
        unitName: unit.name,
        unitKind: unit.kind as TUserActor['unitKind'],
        unitCanDispatch: unit.canDispatch,
        unitParentId: unit.parentId,
        unitPath: unit.path,
        confidentialReader: u.confidentialReader,
      },
    ]),
  );
}

/**
 * The demo 知识库 through the real use cases: the hotline's admin proposes each article for its
 * owning unit and a supervisor approves it, so every article has a genuine reviewed version.
 * Besides the published ones: a few expired (last year's notices), one unit draft waiting for
 * review and one pending change to a published article. An article whose title is already
 * there is left alone, so reruns add nothing. Returns how many articles were added.
 */
export async function seedDemoKb(ctx: TUseCaseContext): Promise<number> {
  const actors = await demoActors(ctx);
  const [admin, supervisor, handler, manager] = USERNAMES.map((u) => actors.get(u));
  if (!admin || !supervisor || !handler || !manager) return 0;
  const unitId = new Map((await ctx.db.select().from(units)).map((u) => [u.code, u.id]));
  const categoryId = new Map((await ctx.db.select().from(categories)).map((c) => [c.name, c.id]));
  const existing = new Set(
    (await ctx.db.select({ title: kbArticles.title }).from(kbArticles)).map((a) => a.title),
  );
  const input = (a: TDemoKbArticle) => ({
    title: a.title,
    bodyHtml: a.body,
    categoryIds: a.categories.map((name) => {
      const id = categoryId.get(name);
      if (!id) throw new Error(`demo kb: unknown category ${name}`);
      return id;
    }),
    effectiveFrom: a.effectiveFrom,
    expiresOn: a.expiresOn ?? null,
    ownerUnitId: unitId.get(a.unit),
  });

  let added = 0;
  for (const a of DEMO_KB_ARTICLES) {
    if (existing.has(a.title)) continue;
    const article = await proposeKbArticle(ctx, admin, input(a));
    await approveKbVersion(ctx, supervisor, article.pendingVersion!.id, { comment: '内容准确，同意发布' });
    added++;
  }
  if (!existing.has(DEMO_KB_DRAFT.title)) {
    await proposeKbArticle(ctx, handler, input(DEMO_KB_DRAFT));
    added++;
  }

  // The unit's proposed change, once: only while the article has its first version alone.
  const change = DEMO_KB_ARTICLES.find((a) => a.title === DEMO_KB_PENDING_CHANGE.title)!;
  const [target] = await ctx.db.select().from(kbArticles).where(eq(kbArticles.title, change.title));
  const versions = target
    ? await ctx.db
        .select({ id: kbArticleVersions.id })
        .from(kbArticleVersions)
        .where(eq(kbArticleVersions.articleId, target.id))
    : [];
  if (target && versions.length === 1) {
    await proposeKbVersion(ctx, manager, target.id, {
      ...input({ ...change, body: change.body + DEMO_KB_PENDING_CHANGE.addParagraph }),
      baseVersion: target.version,
    });
  }
  return added;
}

import { decodeKeysetCursor, encodeKeysetCursor } from '../../infra/http/keyset-cursor';
import {
  AppError,
  canReviewKb,
  isKbExpired,
  isUnitRole,
  seesUnpublishedKb,
  type TKbArticle,
  type TKbArticleStatus,
  type TKbArticleSummary,
  type TKbListQuery,
  type TKbListResponse,
  type TKbReviewItem,
  type TKbUsageKind,
  type TKbVersion,
  type TKbVersionStatus,
} from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { kbUsage } from '../../infra/db/schema';
import type { TUserActor } from '../auth/actor';
import { kbSnippet } from './kb-snippet';

type TRow = Record<string, unknown>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** Dates as text: the pg driver would turn a `date` into a local-time Date and shift it. */
export const ARTICLE_COLUMNS = sql`
  a.id, a.status, a.title, a.body_html, a.body_text, a.category_ids::text[] as category_ids,
  a.owner_unit_id, ou.name as owner_unit_name, a.effective_from::text as effective_from,
  a.expires_on::text as expires_on, a.version, a.usage_count, a.created_by, a.created_at, a.updated_at,
  a.updated_at::text as updated_key`;
export const ARTICLE_JOINS = sql`join units ou on ou.id = a.owner_unit_id`;

/** Published and in effect on `today`: all that agents and dispatchers find. */
export function liveArticleCondition(today: string): SQL {
  return sql`(a.status = 'published' and a.effective_from <= ${today}::date
    and (a.expires_on is null or a.expires_on > ${today}::date))`;
}

/** SQL twin of `seesUnpublishedKb`: the articles this user sees besides the live ones. */
function unpublishedVisibleCondition(actor: TUserActor): SQL {
  if (canReviewKb(actor.role)) return sql`true`;
  if (isUnitRole(actor.role)) return sql`(a.owner_unit_id = ${actor.unitId} or a.created_by = ${actor.id})`;
  return sql`a.created_by = ${actor.id}`;
}

export function visibleArticleCondition(actor: TUserActor, today: string): SQL {
  return sql`(${liveArticleCondition(today)} or ${unpublishedVisibleCondition(actor)})`;
}

export type TArticleRow = {
  summary: Omit<TKbArticleSummary, 'snippet'>;
  bodyHtml: string;
  bodyText: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** updated_at to the microsecond, for keyset pages (an ISO string would cut it to milliseconds). */
  updatedKey: string;
};

export function toArticleRow(r: TRow, today: string): TArticleRow {
  const expiresOn = (r.expires_on as string | null) ?? null;
  return {
    summary: {
      id: r.id as string,
      title: r.title as string,
      categoryIds: (r.category_ids as string[] | null) ?? [],
      ownerUnitId: r.owner_unit_id as string,
      ownerUnitName: r.owner_unit_name as string,
      effectiveFrom: r.effective_from as string,
      expiresOn,
      status: r.status as TKbArticleStatus,
      version: Number(r.version),
      usageCount: Number(r.usage_count),
      expired: isKbExpired({ expiresOn }, today),
    },
    bodyHtml: r.body_html as string,
    bodyText: r.body_text as string,
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    updatedKey: r.updated_key as string,
  };
}

export async function findArticle(db: TDbOrTx, id: string, today: string): Promise<TArticleRow | null> {
  const { rows } = await db.execute(
    sql`select ${ARTICLE_COLUMNS} from kb_articles a ${ARTICLE_JOINS} where a.id = ${id}`,
  );
  return rows[0] ? toArticleRow(rows[0], today) : null;
}

/** The article if this user may see it; anything else is a 404, as if it did not exist. */
export async function findVisibleArticle(
  db: TDbOrTx,
  actor: TUserActor,
  id: string,
  today: string,
): Promise<TArticleRow> {
  const row = await findArticle(db, id, today);
  const live =
    row?.summary.status === 'published' && row.summary.effectiveFrom <= today && !row.summary.expired;
  if (!row || (!live && !seesUnpublishedKb(actor, { ...row.summary, createdBy: row.createdBy }))) {
    throw new AppError('NOT_FOUND', 'Knowledge base article not found', { articleId: id });
  }
  return row;
}

const VERSION_SELECT = sql`
  select v.id, v.article_id, v.version, v.status, v.title, v.body_html, v.category_ids::text[] as category_ids,
    v.effective_from::text as effective_from, v.expires_on::text as expires_on, v.proposed_by,
    pu.display_name as proposed_by_name, pun.name as proposed_by_unit_name, v.proposed_at,
    ru.display_name as reviewed_by_name, v.reviewed_at, v.review_comment, a.title as article_title
  from kb_article_versions v
  join kb_articles a on a.id = v.article_id
  left join users pu on pu.id = v.proposed_by
  left join units pun on pun.id = v.proposed_by_unit_id
  left join users ru on ru.id = v.reviewed_by`;

export type TVersionRow = TKbVersion & { proposedBy: string | null; articleTitle: string };

function toVersion(r: TRow): TVersionRow {
  return {
    id: r.id as string,
    articleId: r.article_id as string,
    version: Number(r.version),
    status: r.status as TKbVersionStatus,
    title: r.title as string,
    bodyHtml: r.body_html as string,
    categoryIds: (r.category_ids as string[] | null) ?? [],
    effectiveFrom: r.effective_from as string,
    expiresOn: (r.expires_on as string | null) ?? null,
    proposedBy: (r.proposed_by as string | null) ?? null,
    proposedByName: (r.proposed_by_name as string | null) ?? null,
    proposedByUnitName: (r.proposed_by_unit_name as string | null) ?? null,
    proposedAt: iso(r.proposed_at)!,
    reviewedByName: (r.reviewed_by_name as string | null) ?? null,
    reviewedAt: iso(r.reviewed_at),
    reviewComment: (r.review_comment as string | null) ?? null,
    articleTitle: r.article_title as string,
  };
}

/** The public shape of a version (who proposed it by name, not by id). */
export function versionView(v: TVersionRow): TKbVersion {
  const { proposedBy: _by, articleTitle: _title, ...view } = v;
  return view;
}

export async function findVersion(db: TDbOrTx, versionId: string): Promise<TVersionRow | null> {
  const { rows } = await db.execute(sql`${VERSION_SELECT} where v.id = ${versionId}`);
  return rows[0] ? toVersion(rows[0]) : null;
}

/** All versions, or (`onlyFor` a user) the approved ones and that user's own proposals. */
export async function listVersions(
  db: TDbOrTx,
  articleId: string,
  opts: { onlyFor: string | null },
): Promise<TVersionRow[]> {
  const { rows } = await db.execute(sql`${VERSION_SELECT}
    where v.article_id = ${articleId}
      ${opts.onlyFor ? sql`and (v.status = 'approved' or v.proposed_by = ${opts.onlyFor})` : sql``}
    order by v.version desc`);
  return rows.map(toVersion);
}

export async function findPendingVersion(db: TDbOrTx, articleId: string): Promise<TVersionRow | null> {
  const { rows } = await db.execute(
    sql`${VERSION_SELECT} where v.article_id = ${articleId} and v.status = 'pending' limit 1`,
  );
  return rows[0] ? toVersion(rows[0]) : null;
}

/** Pending versions, oldest first: the reviewers' queue. */
export async function listPendingReviews(db: TDbOrTx): Promise<TKbReviewItem[]> {
  const { rows } = await db.execute(
    sql`${VERSION_SELECT} where v.status = 'pending' order by v.proposed_at asc, v.id asc limit 500`,
  );
  return rows.map((r) => {
    const v = toVersion(r);
    return { ...versionView(v), articleTitle: v.articleTitle };
  });
}

/** The whole article as a user reads it: the pending version only for those who may act on it and its proposer. */
export async function articleView(db: TDbOrTx, actor: TUserActor, row: TArticleRow): Promise<TKbArticle> {
  const found = await findPendingVersion(db, row.summary.id);
  const pending =
    found &&
    (found.proposedBy === actor.id || seesUnpublishedKb(actor, { ...row.summary, createdBy: row.createdBy }))
      ? found
      : null;
  return {
    ...row.summary,
    snippet: kbSnippet(row.bodyText),
    bodyHtml: row.bodyHtml,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    pendingVersion: pending ? versionView(pending) : null,
  };
}

export async function recordKbUsage(
  db: TDbOrTx,
  u: { articleId: string; kind: TKbUsageKind; userId: string | null; ticketId?: string | null; at: Date },
): Promise<void> {
  await db.insert(kbUsage).values({
    articleId: u.articleId,
    kind: u.kind,
    userId: u.userId,
    ticketId: u.ticketId ?? null,
    at: u.at,
  });
}

/** The management list: latest change first, keyset pages; `q` filters on title and text. */
export async function listArticles(
  db: TDbOrTx,
  actor: TUserActor,
  q: TKbListQuery,
  today: string,
): Promise<TKbListResponse> {
  const where: SQL[] = [visibleArticleCondition(actor, today)];
  if (q.status) where.push(sql`a.status = ${q.status}`);
  if (q.ownerUnitId) where.push(sql`a.owner_unit_id = ${q.ownerUnitId}`);
  if (q.categoryId) where.push(sql`${q.categoryId}::uuid = any(a.category_ids)`);
  if (!q.includeExpired) where.push(sql`(a.expires_on is null or a.expires_on > ${today}::date)`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    where.push(sql`(a.title ilike ${like} or a.body_text ilike ${like})`);
  }
  if (q.cursor) {
    const [updatedAt, id] = decodeKeysetCursor(q.cursor);
    where.push(sql`(a.updated_at, a.id) < (${updatedAt}::timestamptz, ${id}::uuid)`);
  }
  const { rows } = await db.execute(sql`
    select ${ARTICLE_COLUMNS} from kb_articles a ${ARTICLE_JOINS}
    where ${sql.join(where, sql` and `)}
    order by a.updated_at desc, a.id desc limit ${q.limit + 1}`);
  const page = rows.slice(0, q.limit).map((r) => toArticleRow(r, today));
  const last = page[page.length - 1];
  return {
    items: page.map((a) => ({ ...a.summary, snippet: kbSnippet(a.bodyText) })),
    nextCursor: rows.length > q.limit && last ? encodeKeysetCursor(last.updatedKey, last.summary.id) : null,
  };
}

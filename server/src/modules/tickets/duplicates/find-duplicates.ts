import type { TDuplicateCandidate, TDuplicateQuery, TDuplicateReason, TTicketStatus } from '@hotline/shared';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { tickets } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { getDispatchSettings } from '../../settings/settings.repository';
import { readsConfidential, visibleTicketsCondition } from '../ticket-visibility';
import {
  DUPLICATE_WEIGHTS,
  normalisedAddress,
  samePlace,
  scoreExpression,
  withStatus,
} from './duplicate-score';

export type TFindDuplicatesInput = Partial<TDuplicateQuery> & {
  /** Whose eyes: candidates are limited to the tickets they may see. None: a system caller. */
  viewer?: TUserActor;
  /**
   * Only tickets of this confidentiality (a ticket merges only with its own kind). Unset: the
   * ordinary ones, plus confidential ones when the viewer may read them.
   */
  confidential?: boolean;
};

const DAY_MS = 86_400_000;
const round = (v: number) => Math.round(v * 10_000) / 10_000;

type TRow = {
  id: string;
  no: string;
  title: string;
  status: string;
  created_at: Date | string;
  score: number;
  same_caller: boolean;
  same_place: boolean;
  sim: number;
};

async function callerIds(ctx: TUseCaseContext, q: TFindDuplicatesInput): Promise<string[]> {
  const ids = q.citizenId ? [q.citizenId] : [];
  const digits = q.phone?.replace(/\D/g, '');
  if (digits) {
    const res = await ctx.db.execute(
      sql`select id from citizens where phone_hash = ${ctx.pii.hash(digits)} limit 1`,
    );
    for (const r of res.rows as { id: string }[]) if (!ids.includes(r.id)) ids.push(r.id);
  }
  return ids;
}

function confidentialityFilter(q: TFindDuplicatesInput): SQL {
  if (q.confidential !== undefined) {
    if (q.confidential && !(q.viewer && readsConfidential(q.viewer))) return sql`false`;
    return sql`t.confidential = ${q.confidential}`;
  }
  return q.viewer && readsConfidential(q.viewer) ? sql`true` : sql`t.confidential = false`;
}

/**
 * Possible duplicates (并单 candidates) of a new or registered ticket among the tickets created
 * in the last `duplicateWindowDays`: the same caller, the same place in the same category (group),
 * or a similar text (pg_trgm). A match on a merged ticket counts for its parent, which is what
 * one would merge into. Best first; confidential tickets only for those who may read them.
 */
export async function findDuplicates(
  ctx: TUseCaseContext,
  q: TFindDuplicatesInput,
): Promise<TDuplicateCandidate[]> {
  const settings = await getDispatchSettings(ctx.db);
  const minSim = settings.duplicateMinSimilarity;
  const since = new Date(ctx.clock().getTime() - settings.duplicateWindowDays * DAY_MS);
  const callers = await callerIds(ctx, q);
  const description = q.description?.trim() ?? '';
  const title = q.title?.trim() ?? '';
  const address = q.address?.trim() ?? '';
  const categoryId = q.categoryId ?? null;

  // Which rows are worth scoring at all: each branch narrows the window's tickets by an index
  // (citizen, category, trigram) or, for an uncategorised place, by district.
  const branches: SQL[] = [];
  const byCaller = callers.length
    ? sql`t.citizen_id in (${sql.join(
        callers.map((c) => sql`${c}::uuid`),
        sql`, `,
      )})`
    : null;
  if (byCaller) branches.push(byCaller);
  if (address && categoryId)
    branches.push(sql`t.address is not null and t.category_id in (select id from grp)`);
  else if (address && q.districtId)
    branches.push(sql`t.address is not null and t.district_id = ${q.districtId}::uuid`);
  if (description) branches.push(sql`t.description % ${description}`);
  if (title) branches.push(sql`t.title % ${title}`);
  if (!branches.length) return [];

  const sameCaller = byCaller ? sql`coalesce(${byCaller}, false)` : sql`false`;
  const catMatch = categoryId
    ? sql`case when t.category_id is null then null
        when t.category_id = ${categoryId}::uuid then 2
        when t.category_id in (select id from grp) then 1 else 0 end`
    : sql`null::int`;
  const addrSame = address
    ? sql`(t.address is not null
        and ${samePlace(normalisedAddress(sql`t.address`), normalisedAddress(sql`${address}::text`))})`
    : sql`false`;
  const districtDiffers = q.districtId
    ? sql`(t.district_id is not null and t.district_id <> ${q.districtId}::uuid)`
    : sql`false`;
  const placeConflict = address
    ? sql`(${districtDiffers} or (t.address is not null and not ${addrSame}))`
    : districtDiffers;
  const simParts = [
    ...(description ? [sql`similarity(t.description, ${description})`] : []),
    ...(title ? [sql`${DUPLICATE_WEIGHTS.titleWeight}::float8 * similarity(t.title, ${title})`] : []),
  ];
  const sim = simParts.length > 1 ? sql`greatest(${sql.join(simParts, sql`, `)})` : (simParts[0] ?? sql`0`);
  const viewerCanSee = q.viewer ? visibleTicketsCondition(q.viewer) : sql`true`;
  const exclude = q.excludeId ?? null;
  const limit = q.limit ?? 5;

  const rows = await ctx.db.transaction(async (tx) => {
    // `%` compares against this threshold, so the GIN trigram indexes can answer the text branch.
    await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', ${String(minSim)}, true)`);
    const res = await tx.execute(sql`
      with grp as (
        select c.id from categories c
        where ${categoryId}::uuid is not null and (c.id = ${categoryId}::uuid
          or c.id = (select coalesce(parent_id, id) from categories where id = ${categoryId}::uuid)
          or c.parent_id = (select coalesce(parent_id, id) from categories where id = ${categoryId}::uuid))
      ),
      evidence as (
        select coalesce(t.parent_id, t.id) as root_id,
          ${sameCaller} as same_caller, ${catMatch} as cat_match,
          ${addrSame} and not ${districtDiffers} as addr_same,
          ${placeConflict} as place_conflict,
          ${sim}::float8 as sim
        from tickets t
        where t.created_at >= ${since.toISOString()}::timestamptz and t.status <> 'draft'
          and (${exclude}::uuid is null or (t.id <> ${exclude}::uuid and t.parent_id is distinct from ${exclude}::uuid))
          and ${confidentialityFilter(q)}
          and (${sql.join(branches, sql` or `)})
      ),
      scored as (
        select root_id, same_caller, sim, ${scoreExpression(minSim)} as score,
          addr_same and coalesce(cat_match, 1) >= 1 as same_place
        from evidence
      ),
      best as (
        select root_id, max(score) as score, bool_or(same_caller) as same_caller,
          bool_or(same_place) as same_place, max(sim) as sim
        from scored group by root_id
      )
      select t.id, t.no, t.title, t.status, t.created_at, ${withStatus(sql`b.score`, sql`t.status`)} as score,
        b.same_caller, b.same_place, b.sim
      from best b join tickets t on t.id = b.root_id
      where t.status not in ('draft', 'merged') and (${exclude}::uuid is null or t.id <> ${exclude}::uuid)
        and ${confidentialityFilter(q)} and ${viewerCanSee}
      order by score desc, t.created_at desc, t.id
      limit ${limit}`);
    return res.rows as TRow[];
  });

  return rows.map((r) => {
    const reasons: TDuplicateReason[] = [];
    if (r.same_caller) reasons.push('same_caller');
    if (r.same_place) reasons.push('same_place');
    if (r.sim >= minSim) reasons.push('similar_text');
    return {
      ticketId: r.id,
      no: r.no,
      title: r.title,
      status: r.status as TTicketStatus,
      createdAt: new Date(r.created_at).toISOString(),
      score: round(Number(r.score)),
      reasons,
      similarity: simParts.length ? round(Number(r.sim)) : null,
    };
  });
}

/**
 * Possible duplicates of a registered ticket, from what it says (its caller, place, category and
 * text). The caller checks that the viewer may see the ticket; one who may not read a
 * confidential ticket gets nothing, since candidates would say what it is about.
 */
export async function findDuplicatesOfTicket(
  ctx: TUseCaseContext,
  ticketId: string,
  opts: { viewer?: TUserActor; limit?: number } = {},
): Promise<TDuplicateCandidate[]> {
  const [t] = await ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!t) return [];
  if (t.confidential && !(opts.viewer && readsConfidential(opts.viewer))) return [];
  return findDuplicates(ctx, {
    citizenId: t.citizenId ?? undefined,
    address: t.address ?? undefined,
    categoryId: t.categoryId ?? undefined,
    districtId: t.districtId ?? undefined,
    title: t.title,
    description: t.description,
    excludeId: t.id,
    limit: opts.limit,
    viewer: opts.viewer,
    confidential: t.confidential,
  });
}

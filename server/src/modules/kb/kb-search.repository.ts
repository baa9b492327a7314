import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import {
  ARTICLE_COLUMNS,
  ARTICLE_JOINS,
  liveArticleCondition,
  toArticleRow,
  type TArticleRow,
} from './kb.repository';

/** BM25's usual constants: how fast repeats of a term stop counting, and how much length matters. */
const K1 = 1.2;
const B = 0.75;
/** Articles in the category the agent picked count this much more. */
export const CATEGORY_BOOST = 1.3;

export type TKbCandidate = TArticleRow & { bm25: number; categoryMatch: boolean };

const TSV = sql`to_tsvector('simple', a.search_terms)`;

/** How many articles the cheap first pass hands to the exact scoring. */
const ROUGH_POOL = 60;

/**
 * Ranks the live articles against the query's terms with BM25 and returns the best `limit`.
 *
 * Why not ts_rank_cd alone: a query may be a whole ticket description, hundreds of terms, and
 * ts_rank_cd weighs 小区 or 办理 (in half the articles) like 烧烤 (in one). BM25 weighs each term
 * by how rare it is among the live articles, counts repeats with diminishing returns and evens
 * out long and short articles.
 *
 * Two passes, because the tsvector is not stored (building one costs ~0.2 ms per article):
 * first one GIN index probe per term gives which live articles hold it (its document frequency
 * is the count) and a rough score that ignores repeats; then only the best ROUGH_POOL articles
 * get their tsvector built and are scored exactly, repeats included (the title counts twice).
 * A category the agent already picked boosts its articles.
 */
export async function rankKbArticles(
  db: TDbOrTx,
  p: {
    terms: readonly { term: string; count: number }[];
    categoryId: string | undefined;
    today: string;
    limit: number;
  },
): Promise<TKbCandidate[]> {
  if (p.terms.length === 0) return [];
  const live = liveArticleCondition(p.today);
  // Terms are letters and digits only (kbTermList): safe inside an array literal.
  const termArray = `{${p.terms.map((t) => `"${t.term}"`).join(',')}}`;
  const countArray = `{${p.terms.map((t) => t.count).join(',')}}`;
  const categoryMatch: SQL = p.categoryId ? sql`${p.categoryId}::uuid = any(a.category_ids)` : sql`false`;
  const k1 = sql`${K1}::float8`;
  // octet_length reads a TOASTed value's size without decompressing it.
  const norm = (dl: SQL) => sql`(${1 - B}::float8 + ${B}::float8 * ${dl} / stats.avgdl)`;
  const { rows } = await db.execute(sql`
    with qt as (
      select t.term, t.qtf from unnest(${termArray}::text[], ${countArray}::int[]) as t(term, qtf)
    ),
    stats as (
      select greatest(count(*), 1)::float8 as n, greatest(avg(octet_length(a.search_terms)), 1)::float8 as avgdl
      from kb_articles a where ${live}
    ),
    hits as (
      select qt.term, h.id, h.dl from qt
      cross join lateral (
        select a.id, octet_length(a.search_terms)::float8 as dl from kb_articles a
        where ${live} and ${TSV} @@ plainto_tsquery('simple', qt.term)
      ) h
    ),
    weights as (
      select qt.term, (1 + ln(qt.qtf)) * ln(1 + (stats.n - d.df + 0.5) / (d.df + 0.5)) as w
      from qt cross join stats
      join (select term, count(*)::float8 as df from hits group by term) d on d.term = qt.term
    ),
    rough as (
      select h.id from hits h join weights w on w.term = h.term cross join stats
      group by h.id
      order by sum(w.w * ${K1 + 1}::float8 / (1 + ${k1} * ${norm(sql`h.dl`)})) desc
      limit ${ROUGH_POOL}
    ),
    scored as (
      select r.id, sum(
        w.w * (cardinality(l.positions) * ${K1 + 1}::float8)
          / (cardinality(l.positions) + ${k1} * ${norm(sql`octet_length(a.search_terms)::float8`)})
      ) as bm25
      from rough r join kb_articles a on a.id = r.id cross join stats
      cross join lateral unnest(${TSV}) as l(lexeme, positions, weights)
      join weights w on w.term = l.lexeme
      group by r.id
    )
    select ${ARTICLE_COLUMNS}, s.bm25, ${categoryMatch} as category_match
    from scored s join kb_articles a on a.id = s.id ${ARTICLE_JOINS}
    order by s.bm25 * (case when ${categoryMatch} then ${CATEGORY_BOOST}::float8 else 1 end) desc,
      a.usage_count desc, a.id
    limit ${p.limit}`);
  return rows.map((r) => ({
    ...toArticleRow(r, p.today),
    bm25: Number(r.bm25),
    categoryMatch: Boolean(r.category_match),
  }));
}

/**
 * Without terms to rank by: the live articles of the category (or all), the most cited first;
 * with `contains` (a query too short for terms, like a single character 税), only those whose
 * title or text holds it.
 */
export async function topKbArticles(
  db: TDbOrTx,
  p: { categoryId: string | undefined; contains?: string; today: string; limit: number },
): Promise<TArticleRow[]> {
  const like = p.contains ? `%${p.contains.replace(/[\\%_]/g, (m) => '\\' + m)}%` : null;
  const { rows } = await db.execute(sql`
    select ${ARTICLE_COLUMNS} from kb_articles a ${ARTICLE_JOINS}
    where ${liveArticleCondition(p.today)}
      ${p.categoryId ? sql`and ${p.categoryId}::uuid = any(a.category_ids)` : sql``}
      ${like ? sql`and (a.title ilike ${like} or a.body_text ilike ${like})` : sql``}
    order by ${like ? sql`(a.title ilike ${like}) desc,` : sql``} a.usage_count desc, a.updated_at desc, a.id
    limit ${p.limit}`);
  return rows.map((r) => toArticleRow(r, p.today));
}

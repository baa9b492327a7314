import {
  kbQueryTerms,
  normalizeKbText,
  kbTermList,
  toShanghaiDate,
  type TKbArticleSummary,
  type TKbSearchQuery,
  type TKbSearchResponse,
} from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import { CATEGORY_BOOST, rankKbArticles, topKbArticles } from '../kb-search.repository';
import { kbSnippet } from '../kb-snippet';

/** How much a title that the query covers completely lifts an article (× 1 + this). */
const TITLE_WEIGHT = 0.6;
/** Results scoring under this share of the best are noise from a long query's common words. */
const RELATIVE_CUTOFF = 0.15;

/** Share of the title's terms that the query holds: '社保卡补办' in '我的社保卡丢了怎么补办' is 3 of 4. */
function titleCoverage(title: string, query: ReadonlySet<string>): number {
  const terms = new Set(kbTermList(title));
  if (terms.size === 0) return 0;
  let hit = 0;
  for (const t of terms) if (query.has(t)) hit++;
  return hit / terms.size;
}

/**
 * The agent desk's search: live articles only (published and in effect today, China time), for
 * every role. The database ranks by BM25 over the article terms (title counted twice); the best
 * few are re-ranked here by how much of their title the query covers, which pg_trgm cannot
 * judge for Chinese (it sees a whole sentence as one word).
 */
export async function searchKbArticles(
  ctx: Pick<TUseCaseContext, 'db' | 'clock'>,
  q: TKbSearchQuery,
): Promise<TKbSearchResponse> {
  const today = toShanghaiDate(ctx.clock());
  const terms = q.q ? kbQueryTerms(q.q) : [];
  if (terms.length === 0) {
    // No query, or one too short to make a term (a single character): plain containment.
    const contains = q.q ? q.q.slice(0, 20) : undefined;
    const rows = await topKbArticles(ctx.db, { categoryId: q.categoryId, contains, today, limit: q.limit });
    return {
      items: rows.map((r) => ({
        ...r.summary,
        snippet: kbSnippet(r.bodyText, contains ? [normalizeKbText(contains)] : []),
      })),
    };
  }
  const candidates = await rankKbArticles(ctx.db, {
    terms,
    categoryId: q.categoryId,
    today,
    limit: Math.max(q.limit * 4, 20),
  });
  const querySet = new Set(terms.map((t) => t.term));
  const scored = candidates
    .map((c) => ({
      c,
      score:
        c.bm25 *
        (1 + TITLE_WEIGHT * titleCoverage(c.summary.title, querySet)) *
        (c.categoryMatch ? CATEGORY_BOOST : 1),
    }))
    .sort((a, b) => b.score - a.score);
  const best = scored[0]?.score ?? 0;
  const items: TKbArticleSummary[] = scored
    .filter((s) => s.score >= best * RELATIVE_CUTOFF)
    .slice(0, q.limit)
    .map(({ c, score }) => ({
      ...c.summary,
      snippet: kbSnippet(c.bodyText, [...querySet]),
      score: Math.round(score * 1000) / 1000,
    }));
  return { items };
}

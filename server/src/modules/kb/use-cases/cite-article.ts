import { AppError, toShanghaiDate } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { liveArticleCondition, recordKbUsage } from '../kb.repository';

/**
 * An agent answered a citizen on the spot (即时办结) with an article. Runs inside the ticket's
 * transaction: the article must be live (published, in effect today), its citation count goes up
 * and the citation is recorded with the ticket, or the whole answer fails and nothing is written.
 */
export async function citeKbArticle(
  tx: TTx,
  c: { articleId: string; ticketId: string; userId: string | null; now: Date },
): Promise<{ id: string; title: string }> {
  const today = toShanghaiDate(c.now);
  const { rows } = await tx.execute(sql`
    update kb_articles a set usage_count = a.usage_count + 1
    where a.id = ${c.articleId} and ${liveArticleCondition(today)}
    returning a.id, a.title`);
  const row = rows[0];
  if (!row) {
    throw new AppError('UNPROCESSABLE', 'The cited article is not published or not in effect', {
      fields: { articleId: ['not a published article in effect'] },
      articleId: c.articleId,
    });
  }
  await recordKbUsage(tx, {
    articleId: c.articleId,
    kind: 'cite',
    userId: c.userId,
    ticketId: c.ticketId,
    at: c.now,
  });
  return { id: row.id as string, title: row.title as string };
}

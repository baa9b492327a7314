import { AppError, isUnitRole, kbSearchTerms, type TKbProposalInput } from '@hotline/shared';
import { eq, inArray } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { categories, units } from '../../infra/db/schema';
import type { TUserActor } from '../auth/actor';
import { sanitizeKbBody } from './kb-html';

export type TPreparedProposal = {
  title: string;
  bodyHtml: string;
  bodyText: string;
  categoryIds: string[];
  effectiveFrom: string;
  expiresOn: string | null;
  ownerUnitId: string;
};

/**
 * Checks and cleans a proposal before anything is written: the body sanitised (and not empty
 * once it is), the categories and the owning unit real. A unit's own staff always propose for
 * their own unit, whatever the request says.
 */
export async function prepareKbProposal(
  db: TDbOrTx,
  actor: TUserActor,
  input: TKbProposalInput,
): Promise<TPreparedProposal> {
  const body = sanitizeKbBody(input.bodyHtml);
  if (!body.text) {
    throw new AppError('VALIDATION_FAILED', 'The article has no text once unsafe markup is removed', {
      fields: { bodyHtml: ['empty after sanitising'] },
    });
  }
  const categoryIds = [...new Set(input.categoryIds)];
  if (categoryIds.length) {
    const found = await db
      .select({ id: categories.id })
      .from(categories)
      .where(inArray(categories.id, categoryIds));
    if (found.length !== categoryIds.length) {
      const known = new Set(found.map((c) => c.id));
      throw new AppError('UNPROCESSABLE', 'Unknown category', {
        categoryIds: categoryIds.filter((id) => !known.has(id)),
      });
    }
  }
  const ownerUnitId = isUnitRole(actor.role) ? actor.unitId : (input.ownerUnitId ?? actor.unitId);
  const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.id, ownerUnitId));
  if (!unit) throw new AppError('UNPROCESSABLE', 'Unknown owning unit', { ownerUnitId });
  return {
    title: input.title,
    bodyHtml: body.html,
    bodyText: body.text,
    categoryIds,
    effectiveFrom: input.effectiveFrom,
    expiresOn: input.expiresOn ?? null,
    ownerUnitId,
  };
}

/**
 * What kb_articles.search_terms holds: the title twice (a word in the title says more about the
 * article than one in its tenth sentence), the body, and the names of its categories.
 */
export async function articleSearchTerms(
  db: TDbOrTx,
  a: { title: string; bodyText: string; categoryIds: readonly string[] },
): Promise<string> {
  const names = a.categoryIds.length
    ? (
        await db
          .select({ name: categories.name })
          .from(categories)
          .where(inArray(categories.id, [...a.categoryIds]))
      ).map((c) => c.name)
    : [];
  return kbSearchTerms([a.title, a.title, a.bodyText, ...names].join('\n'));
}

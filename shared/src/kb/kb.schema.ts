import { z } from 'zod';

/** 知识库: answers agents read to the citizen, owned by a unit, changed only through reviewed versions. */
export const KB_ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
export type TKbArticleStatus = (typeof KB_ARTICLE_STATUSES)[number];

export const KB_VERSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type TKbVersionStatus = (typeof KB_VERSION_STATUSES)[number];

/** A view is someone opening an article; a citation is an article named in a 即时办结 answer. */
export const KB_USAGE_KINDS = ['view', 'cite'] as const;
export type TKbUsageKind = (typeof KB_USAGE_KINDS)[number];

export const KB_ARTICLE_STATUS_LABELS: Record<TKbArticleStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
  archived: { zh: '已归档', en: 'Archived' },
};
export const KB_VERSION_STATUS_LABELS: Record<TKbVersionStatus, { zh: string; en: string }> = {
  pending: { zh: '待审核', en: 'Pending review' },
  approved: { zh: '已通过', en: 'Approved' },
  rejected: { zh: '已退回', en: 'Rejected' },
};

export const KB_TITLE_MAX = 200;
export const KB_BODY_MAX = 50_000;
export const KB_MAX_CATEGORIES = 10;
/** Query text is sent in the URL: a ticket's description is cut to this many characters by the client. */
export const KB_QUERY_MAX = 1000;

/** A calendar date, China time. */
const ZKbDate = z.iso.date();

const proposalFields = {
  title: z.string().trim().min(1).max(KB_TITLE_MAX),
  /** Rich text; the server sanitises it before storing. */
  bodyHtml: z.string().min(1).max(KB_BODY_MAX),
  categoryIds: z.array(z.uuid()).max(KB_MAX_CATEGORIES).default([]),
  effectiveFrom: ZKbDate,
  /** Exclusive: the article is out of effect from this day on. */
  expiresOn: ZKbDate.nullable().optional(),
  /** Hotline staff may name the owning unit; a unit's own staff always propose for their unit. */
  ownerUnitId: z.uuid().nullable().optional(),
};

const expiresAfterStart = (p: { effectiveFrom: string; expiresOn?: string | null }) =>
  !p.expiresOn || p.expiresOn > p.effectiveFrom;
const expiresAfterStartMessage = { message: 'expiresOn must be after effectiveFrom', path: ['expiresOn'] };

export const ZKbProposal = z.object(proposalFields).refine(expiresAfterStart, expiresAfterStartMessage);
export type TKbProposalInput = z.infer<typeof ZKbProposal>;

/** A new version of an existing article, based on the version the proposer read. */
export const ZKbVersionProposal = z
  .object({ ...proposalFields, baseVersion: z.number().int().nonnegative() })
  .refine(expiresAfterStart, expiresAfterStartMessage);
export type TKbVersionProposalInput = z.infer<typeof ZKbVersionProposal>;

export const ZKbApproveBody = z.object({ comment: z.string().trim().max(2000).optional() });
export type TKbApproveInput = z.infer<typeof ZKbApproveBody>;
export const ZKbRejectBody = z.object({
  comment: z.string().trim().min(2, '请填写退回原因 (at least 2 characters)').max(2000),
});
export type TKbRejectInput = z.infer<typeof ZKbRejectBody>;

export const ZKbSearchQuery = z.object({
  /** Anything from a few words to a whole ticket description. */
  q: z.string().trim().max(4000).optional(),
  categoryId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export type TKbSearchQuery = z.infer<typeof ZKbSearchQuery>;

export const ZKbListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(KB_ARTICLE_STATUSES).optional(),
  ownerUnitId: z.uuid().optional(),
  categoryId: z.uuid().optional(),
  includeExpired: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TKbListQuery = z.infer<typeof ZKbListQuery>;

export type TKbArticleSummary = {
  id: string;
  title: string;
  /** At most 120 characters of the body's text, around what the query matched. */
  snippet: string;
  categoryIds: string[];
  ownerUnitId: string;
  ownerUnitName: string;
  effectiveFrom: string;
  expiresOn: string | null;
  status: TKbArticleStatus;
  version: number;
  /** Citations in 即时办结 answers (views are not counted). */
  usageCount: number;
  /** The expiry date has passed (China time). */
  expired: boolean;
  /** Search relevance, higher is better; only in search results. */
  score?: number;
};

export type TKbVersion = {
  id: string;
  articleId: string;
  version: number;
  status: TKbVersionStatus;
  title: string;
  bodyHtml: string;
  categoryIds: string[];
  effectiveFrom: string;
  expiresOn: string | null;
  proposedByName: string | null;
  proposedByUnitName: string | null;
  proposedAt: string;
  reviewedByName: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
};

export type TKbArticle = TKbArticleSummary & {
  bodyHtml: string;
  createdAt: string;
  updatedAt: string;
  /** The version waiting for review, shown to reviewers, the owning unit and its proposer. */
  pendingVersion: TKbVersion | null;
};

export type TKbReviewItem = TKbVersion & { articleTitle: string };

export type TKbSearchResponse = { items: TKbArticleSummary[] };
export type TKbListResponse = { items: TKbArticleSummary[]; nextCursor: string | null };
export type TKbVersionsResponse = { items: TKbVersion[] };
export type TKbReviewsResponse = { items: TKbReviewItem[] };
export type TKbArticleResponse = { article: TKbArticle };
export type TKbVersionResponse = { version: TKbVersion };

import { z } from 'zod';
import { LINES } from '../ticket/ticket-enums';
import type { TTicketStatus } from '../ticket/ticket-status';

const id = z.uuid();

/**
 * Dispatch rules a city tunes at run time (stored in `settings` under DISPATCH_SETTINGS_KEY).
 * Every field has the default a city would start with, so a fresh install needs no row.
 */
export const ZDispatchSettings = z.object({
  /** The router dispatches on its own only when its best suggestion is at least this sure. */
  autoDispatchMinConfidence: z.number().min(0).max(1).default(0.9),
  /** A unit may return (退单) a ticket within this many working days of the dispatch. */
  returnWindowDays: z.number().min(0).max(30).default(2),
  /** Extensions (延期) per ticket add up to at most this many working days. */
  extensionCapDays: z.number().int().min(0).max(60).default(10),
  /** Duplicates (并单) are looked for among tickets created this many days back. */
  duplicateWindowDays: z.number().int().min(1).max(90).default(7),
  /** pg_trgm similarity of descriptions above which two tickets count as the same matter. */
  duplicateMinSimilarity: z.number().min(0.1).max(1).default(0.5),
});
export type TDispatchSettings = z.infer<typeof ZDispatchSettings>;
export const DISPATCH_SETTINGS_KEY = 'dispatch';
export const DEFAULT_DISPATCH_SETTINGS: TDispatchSettings = ZDispatchSettings.parse({});
/** PUT /settings/dispatch: any subset; the rest keeps its value. */
export const ZDispatchSettingsPatch = ZDispatchSettings.partial().strict();

const ruleFields = {
  categoryId: id,
  districtId: id.nullable(),
  line: z.enum(LINES).nullable(),
  leadUnitId: id,
  assistingUnitIds: z.array(id).max(10),
  note: z.string().trim().max(500).nullable(),
};
/** 派单目录 rule: category × district (× line) → lead unit and assisting units. */
export const ZDispatchRuleInput = z.object({
  ...ruleFields,
  districtId: ruleFields.districtId.default(null),
  line: ruleFields.line.default(null),
  assistingUnitIds: ruleFields.assistingUnitIds.default([]),
  note: ruleFields.note.default(null),
});
export type TDispatchRuleInput = z.infer<typeof ZDispatchRuleInput>;
/** An update changes only the fields it names (no defaults: a missing field keeps its value). */
export const ZDispatchRuleUpdate = z.object(ruleFields).partial().extend({
  /** Optimistic concurrency: refused with 409 when the rule changed meanwhile. */
  expectedVersion: z.number().int().positive().optional(),
});
export const ZDispatchRulesQuery = z.object({
  categoryId: id.optional(),
  districtId: id.optional(),
  unitId: id.optional(),
  includeDeleted: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
});

export type TDispatchRuleDto = {
  id: string;
  categoryId: string;
  categoryCode: string;
  categoryName: string;
  districtId: string | null;
  districtName: string | null;
  line: string | null;
  leadUnitId: string;
  leadUnitName: string;
  assisting: { id: string; name: string }[];
  note: string | null;
  active: boolean;
  version: number;
  updatedAt: string;
  updatedByName: string | null;
};

export type TDispatchRuleVersionDto = {
  version: number;
  change: 'created' | 'updated' | 'deleted';
  snapshot: Record<string, unknown>;
  changedByName: string | null;
  changedAt: string;
};

/** Why a unit is suggested: the catalogue rule, the learned model, or the old defaults. */
export const SUGGESTION_SOURCES = ['catalogue', 'model', 'category default', 'line default'] as const;
export type TSuggestionSource = (typeof SUGGESTION_SOURCES)[number];

export type TUnitSuggestion = {
  unitId: string;
  unitName: string;
  /** 0..1: the model's probability, or the catalogue's fixed confidence. */
  confidence: number;
  reason: TSuggestionSource;
  /** 协办 units named by the catalogue rule. */
  assisting?: { id: string; name: string }[];
};
export type TCategorySuggestion = { categoryId: string; code: string; name: string; confidence: number };
export type TRoutingSuggestions = {
  units: TUnitSuggestion[];
  categories: TCategorySuggestion[];
  /** The model that produced them (null before the first training). */
  modelTrainedAt: string | null;
};

/** POST /routing/suggest: what the agent has typed so far. */
export const ZRoutingSuggestInput = z.object({
  title: z.string().trim().max(200).default(''),
  description: z.string().trim().max(10000).default(''),
  categoryId: id.optional(),
  districtId: id.optional(),
  line: z.enum(LINES).default('12345'),
});
export type TRoutingSuggestInput = z.infer<typeof ZRoutingSuggestInput>;

export type TRoutingModelDto = {
  id: string;
  target: 'unit' | 'category';
  trainedAt: string;
  trainingRows: number;
  heldoutRows: number;
  top1: number | null;
  top3: number | null;
};

/** GET /tickets/duplicates while typing, or for a registered ticket (`excludeId`). */
export const ZDuplicateQuery = z.object({
  phone: z.string().trim().max(30).optional(),
  citizenId: id.optional(),
  address: z.string().trim().max(500).optional(),
  categoryId: id.optional(),
  districtId: id.optional(),
  title: z.string().trim().max(200).optional(),
  description: z.string().trim().max(10000).optional(),
  excludeId: id.optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export type TDuplicateQuery = z.infer<typeof ZDuplicateQuery>;

export const DUPLICATE_REASONS = ['same_caller', 'same_place', 'similar_text'] as const;
export type TDuplicateReason = (typeof DUPLICATE_REASONS)[number];
export type TDuplicateCandidate = {
  ticketId: string;
  no: string;
  title: string;
  status: TTicketStatus;
  createdAt: string;
  /** 0..1, higher is likelier the same matter. */
  score: number;
  reasons: TDuplicateReason[];
  similarity: number | null;
};

export type TSystemAlertDto = {
  id: string;
  kind: string;
  key: string;
  level: 'warning' | 'critical';
  message: string;
  details: Record<string, unknown>;
  raisedAt: string;
  resolvedAt: string | null;
};

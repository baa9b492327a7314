/** The fields of a 派单目录 rule a person reads, in the order the table shows them. */
export const RULE_FIELDS = ['category', 'district', 'line', 'lead', 'assisting', 'note'] as const;
export type TRuleField = (typeof RULE_FIELDS)[number];
export type TRuleFieldValues = Record<TRuleField, string | null>;
export type TRuleChange = { field: TRuleField; before: string | null; after: string | null };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/**
 * A version's snapshot (the rule as it stood after the change, names included) as readable
 * values; null means "all districts", "all lines" or "none".
 */
export function snapshotFields(s: Record<string, unknown>): TRuleFieldValues {
  const assisting = Array.isArray(s.assisting)
    ? s.assisting.map((a: unknown) => str((a as { name?: unknown } | null)?.name)).filter(Boolean)
    : [];
  return {
    category: [str(s.categoryCode), str(s.categoryName)].filter(Boolean).join(' ') || null,
    district: str(s.districtName),
    line: str(s.line),
    lead: str(s.leadUnitName),
    assisting: assisting.length ? assisting.join('、') : null,
    note: str(s.note),
  };
}

/** What a version changed against the one before it; every set field for the first version. */
export function ruleChanges(
  previous: Record<string, unknown> | null,
  current: Record<string, unknown>,
): TRuleChange[] {
  const after = snapshotFields(current);
  if (!previous) {
    return RULE_FIELDS.filter((f) => after[f] !== null).map((field) => ({
      field,
      before: null,
      after: after[field],
    }));
  }
  const before = snapshotFields(previous);
  return RULE_FIELDS.filter((f) => before[f] !== after[f]).map((field) => ({
    field,
    before: before[field],
    after: after[field],
  }));
}

import type { TDispatchRuleDto, TDispatchRuleInput, TLine } from '@hotline/shared';

/** What the rule form holds: empty district / line mean "all". */
export type TRuleFormValues = {
  categoryId?: string;
  districtId?: string;
  line?: TLine;
  leadUnitId?: string;
  assistingUnitIds?: string[];
  note?: string;
};

export function ruleToForm(rule: TDispatchRuleDto | null): TRuleFormValues {
  if (!rule) return { assistingUnitIds: [] };
  return {
    categoryId: rule.categoryId,
    districtId: rule.districtId ?? undefined,
    line: (rule.line as TLine | null) ?? undefined,
    leadUnitId: rule.leadUnitId,
    assistingUnitIds: rule.assisting.map((a) => a.id),
    note: rule.note ?? undefined,
  };
}

/** The request body; the form's required rules guarantee category and lead unit. */
export function formToRule(v: TRuleFormValues): TDispatchRuleInput {
  return {
    categoryId: v.categoryId ?? '',
    districtId: v.districtId ?? null,
    line: v.line ?? null,
    leadUnitId: v.leadUnitId ?? '',
    assistingUnitIds: [...new Set(v.assistingUnitIds ?? [])].filter((id) => id !== v.leadUnitId),
    note: v.note?.trim() ? v.note.trim() : null,
  };
}

import { ZActionSchemas, type TActionInput, type TSatisfaction } from '@hotline/shared';

export type TSurveyValues = {
  satisfaction?: TSatisfaction;
  resolved?: boolean;
  /** 回访意见; for an unsatisfied citizen it is the reason, and required. */
  comment?: string;
};

export type TSurveyProblem = 'satisfaction' | 'reason';

/** Pure: the `callback` body of a survey, or what is missing (the reason when 不满意). */
export function surveyBody(
  v: TSurveyValues,
  expectedVersion: number,
): { body: TActionInput<'callback'> } | { problem: TSurveyProblem } {
  if (!v.satisfaction) return { problem: 'satisfaction' };
  const comment = v.comment?.trim() || undefined;
  // The reason is what the unit redoes against: two characters at least, like every reason.
  if (v.satisfaction === 'unsatisfied' && (!comment || comment.length < 2)) return { problem: 'reason' };
  const body = ZActionSchemas.callback.parse({
    expectedVersion,
    satisfaction: v.satisfaction,
    resolved: v.resolved ?? v.satisfaction !== 'unsatisfied',
    comment,
  });
  return { body };
}

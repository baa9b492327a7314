import type { TPollProgress, TPollQuestion } from '@hotline/shared';

/** `98.5%`, or a dash before the first rating. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** Share of the sample that has a final or attempted outcome (answered, refused, unreachable). */
export function contactedPercent(p: TPollProgress): number {
  return p.sampled === 0 ? 0 : Math.round(((p.sampled - p.pending) / p.sampled) * 100);
}

/** The questions a new campaign starts with: the hotline's usual 回访 set. */
export const DEFAULT_POLL_QUESTIONS: Omit<TPollQuestion, 'id'>[] = [
  { text: '您对工单办理结果是否满意？', kind: 'satisfaction' },
  { text: '您对承办单位的服务态度是否满意？', kind: 'satisfaction' },
  { text: '承办单位是否与您联系过？', kind: 'yes_no' },
  { text: '您还有什么意见或建议？', kind: 'text' },
];

/** Question ids are derived from their position, so supervisors only type the question. */
export function withQuestionIds(questions: Omit<TPollQuestion, 'id'>[]): TPollQuestion[] {
  return questions.map((q, i) => ({ ...q, id: `q${i + 1}` }));
}

import { z } from 'zod';
import { SATISFACTIONS, type TLine, type TSatisfaction } from '../ticket/ticket-enums';

/** 12340 satisfaction polls (民意调查): a question set asked of a sample of closed tickets' citizens. */
export const POLL_QUESTION_KINDS = ['satisfaction', 'yes_no', 'text'] as const;
export type TPollQuestionKind = (typeof POLL_QUESTION_KINDS)[number];

export const POLL_STATUSES = ['open', 'closed'] as const;
export type TPollStatus = (typeof POLL_STATUSES)[number];

/** `unreachable` may be retried later; `answered` and `refused` are final. */
export const POLL_SAMPLE_STATUSES = ['pending', 'answered', 'unreachable', 'refused'] as const;
export type TPollSampleStatus = (typeof POLL_SAMPLE_STATUSES)[number];
export const FINAL_POLL_SAMPLE_STATUSES: readonly TPollSampleStatus[] = ['answered', 'refused'];

export const POLL_SAMPLE_STATUS_LABELS: Record<TPollSampleStatus, { zh: string; en: string }> = {
  pending: { zh: '待访', en: 'Pending' },
  answered: { zh: '已访', en: 'Answered' },
  unreachable: { zh: '无法接通', en: 'Unreachable' },
  refused: { zh: '拒访', en: 'Refused' },
};

export const MAX_POLL_SAMPLE_SIZE = 2000;

export const ZPollQuestion = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,31}$/, 'a short id of lowercase letters, digits and _'),
  text: z.string().trim().min(2).max(200),
  kind: z.enum(POLL_QUESTION_KINDS),
});
export type TPollQuestion = z.infer<typeof ZPollQuestion>;

export const ZCreatePollSchema = z
  .object({
    name: z.string().trim().min(2).max(100),
    questions: z
      .array(ZPollQuestion)
      .min(1)
      .max(20)
      .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'question ids must be unique')
      // The poll feeds the satisfaction rate: its first satisfaction question is the sample's rating.
      .refine((qs) => qs.some((q) => q.kind === 'satisfaction'), 'ask at least one satisfaction question'),
    periodFrom: z.iso.datetime({ offset: true }),
    periodTo: z.iso.datetime({ offset: true }),
    sampleSize: z.number().int().min(1).max(MAX_POLL_SAMPLE_SIZE),
  })
  .refine((p) => Date.parse(p.periodFrom) < Date.parse(p.periodTo), {
    message: 'the period must end after it starts',
    path: ['periodTo'],
  });
export type TCreatePollInput = z.infer<typeof ZCreatePollSchema>;

/** An answer per question id: a satisfaction value, yes/no, or free text. */
export const ZPollAnswerValue = z.union([z.enum(SATISFACTIONS), z.boolean(), z.string().trim().max(2000)]);

export const ZRecordPollAnswerSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('answered'), answers: z.record(z.string().max(32), ZPollAnswerValue) }),
  z.object({ status: z.literal('unreachable') }),
  z.object({ status: z.literal('refused') }),
]);
export type TRecordPollAnswerInput = z.infer<typeof ZRecordPollAnswerSchema>;

export type TPollProgress = {
  sampled: number;
  pending: number;
  answered: number;
  unreachable: number;
  refused: number;
  /** Answered samples with a rating; the denominator of the satisfaction rate. */
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  /** (satisfied + basically satisfied) / rated, 0..1; null before the first rating. */
  satisfactionRate: number | null;
};

export type TPollCampaignView = {
  id: string;
  name: string;
  questions: TPollQuestion[];
  periodFrom: string;
  periodTo: string;
  sampleSize: number;
  status: TPollStatus;
  createdAt: string;
  progress: TPollProgress;
};

/** A sampled ticket as the agent sees it: the phone only masked, never the number itself. */
export type TPollSampleView = {
  id: string;
  ticketId: string;
  ticketNo: string;
  ticketTitle: string;
  line: TLine;
  closedAt: string | null;
  phoneMasked: string | null;
  status: TPollSampleStatus;
  answers: Record<string, TSatisfaction | boolean | string> | null;
  satisfaction: TSatisfaction | null;
  answeredByName: string | null;
  answeredAt: string | null;
};

export type TPollDetailResponse = { poll: TPollCampaignView; samples: TPollSampleView[] };

/** The rate the hotline reports: (satisfied + basically satisfied) / rated, null when nothing is rated. */
export function satisfactionRateOf(counts: {
  satisfied: number;
  basicallySatisfied: number;
  rated: number;
}): number | null {
  return counts.rated > 0 ? (counts.satisfied + counts.basicallySatisfied) / counts.rated : null;
}

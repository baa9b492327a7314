import { ZPeriodKey } from '@hotline/shared';
import { z } from 'zod';
import { QUEUE_NAMES } from './queue-names';

/**
 * The monthly assessment (月度考核): on the 1st at 01:00 China time, every active scheme scores
 * the month just ended and stores its rankings. An explicit `period` re-scores that period.
 */
export const ASSESSMENT_QUEUE = QUEUE_NAMES.assessment;
export const ASSESSMENT_MONTHLY_SCHEDULER_ID = 'assessment-monthly';
export const ASSESSMENT_MONTHLY_REPEAT = { pattern: '0 1 1 * *', tz: 'Asia/Shanghai' } as const;

export const ZAssessmentJobV1 = z.object({ v: z.literal(1), period: ZPeriodKey.optional() });
export const ZAssessmentJob = z.discriminatedUnion('v', [ZAssessmentJobV1]);
export type TAssessmentJob = z.infer<typeof ZAssessmentJob>;

export const ASSESSMENT_MONTHLY_TEMPLATE = {
  name: 'assessment-monthly',
  data: { v: 1 } satisfies TAssessmentJob,
  // Scoring is a replace: running it again is harmless, so a few retries are fine.
  opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
};

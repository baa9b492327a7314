import { z } from 'zod';
import { QUEUE_NAMES } from './queue-names';

/**
 * Hot-topic early warning (热点预警): every HOT_TOPICS_EVERY_MS (a minute by default) and on
 * demand (`queues['hot-topics'].add('detect', { v: 1 })`), count the last hour's and day's
 * tickets by phrase, category, district and street against their 28-day baseline.
 */
export const HOT_TOPICS_QUEUE = QUEUE_NAMES.hotTopics;
export const HOT_TOPICS_SCHEDULER_ID = 'hot-topics-every-minute';
export const HOT_TOPICS_JOB_NAME = 'detect';

export const ZHotTopicsJobV1 = z.object({ v: z.literal(1) });
export const ZHotTopicsJob = z.discriminatedUnion('v', [ZHotTopicsJobV1]);
export type THotTopicsJob = z.infer<typeof ZHotTopicsJob>;

export const HOT_TOPICS_TEMPLATE = {
  name: HOT_TOPICS_JOB_NAME,
  data: { v: 1 } satisfies THotTopicsJob,
  // The next run comes a minute later and sees the same tickets: no retries, keep few.
  opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
};

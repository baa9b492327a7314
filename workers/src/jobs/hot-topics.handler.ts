import type { TAppContext } from '@hotline/server';
import {
  detectAndRecordHotTopics,
  type TBaselineCache,
  type TDetectResult,
} from '@hotline/server/src/modules/hot-topics/use-cases/detect-hot-topics';
import { HOT_TOPIC_RAISED_EVENT, rooms } from '@hotline/shared';
import { HOT_TOPICS_QUEUE, ZHotTopicsJob } from './hot-topics.job';
import { parseJobPayload, type TJobLike } from './job-payload';

type TEmitToRooms = (rooms: string[], event: string, data: unknown) => Promise<void>;

/**
 * Runs the detector at the workers' clock and announces each newly raised alert to the
 * supervisors' room. Safe to run twice: an alert already raised is only updated, never announced
 * again. The 28-day baseline is kept between runs of the same clock hour.
 */
export function hotTopicsHandler(ctx: TAppContext, emitToRooms: TEmitToRooms) {
  let cache: TBaselineCache = null;
  const run = async (): Promise<TDetectResult> => {
    const result = await detectAndRecordHotTopics(ctx, ctx.clock(), cache);
    cache = result.cache;
    for (const alert of result.raised) await emitToRooms([rooms.supervisors], HOT_TOPIC_RAISED_EVENT, alert);
    return result;
  };
  const handle = async (job: TJobLike) => {
    parseJobPayload(ZHotTopicsJob, job.data, HOT_TOPICS_QUEUE);
    const result = await run();
    const log = ctx.logger.child({ queue: HOT_TOPICS_QUEUE, jobId: job.id });
    const summary = { raised: result.raised.length, topics: result.topics, recent: result.recentTickets };
    if (result.raised.length)
      log.info({ ...summary, labels: result.raised.map((a) => a.label) }, 'hot topics raised');
    else log.debug(summary, 'hot topics checked');
    return summary;
  };
  return { handle, run };
}

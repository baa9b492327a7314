import {
  buildHotTopicBaseline,
  detectHotTopics,
  hotTopicBaselinePeriod,
  hotTopicLabel,
  type THotTopicAlertDto,
  type THotTopicBaseline,
} from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import {
  alertsByIds,
  loadDetectorTickets,
  loadHotTopicPlaces,
  writeAlerts,
  type TAlertWrite,
} from '../hot-topics.repository';

/**
 * The baseline changes only when the run's clock hour does: a worker keeps the last one and
 * passes it back in, so the every-minute run reads 28 days of tickets once an hour.
 */
export type TBaselineCache = { key: string; baseline: THotTopicBaseline } | null;

export type TDetectResult = {
  /** Alerts this run raised (new rows): announce these. */
  raised: THotTopicAlertDto[];
  /** Topics found (new and already alerted). */
  topics: number;
  recentTickets: number;
  cache: TBaselineCache;
};

/** One run of the hot-topic detector at `now`: the last hour and day against the 28 days before. */
export async function detectAndRecordHotTopics(
  ctx: Pick<TUseCaseContext, 'db'>,
  now: Date,
  cache: TBaselineCache = null,
): Promise<TDetectResult> {
  const places = await loadHotTopicPlaces(ctx.db);
  const period = hotTopicBaselinePeriod(now);
  const cacheKey = period.to.toISOString();
  const baseline =
    cache?.key === cacheKey
      ? cache.baseline
      : buildHotTopicBaseline(await loadDetectorTickets(ctx.db, places, period.from, period.to));
  const recent = await loadDetectorTickets(ctx.db, places, new Date(now.getTime() - 86_400_000), now);
  const topics = detectHotTopics(recent, baseline, now);
  const names = {
    district: (id: string) => places.districtName.get(id) ?? '',
    category: (id: string) => places.categoryName.get(id) ?? '',
  };
  const writes: TAlertWrite[] = topics.map((t) => ({
    topicKey: t.key,
    window: t.window,
    windowStart: t.windowStart,
    label: hotTopicLabel(t.dims, names),
    dimensions: {
      ...t.dims,
      ...(t.dims.districtId ? { districtName: names.district(t.dims.districtId) } : {}),
      ...(t.dims.categoryId ? { categoryName: names.category(t.dims.categoryId) } : {}),
      members: t.members.map((m) => ({ key: m.key, window: m.window, count: m.count })),
    },
    count: t.count,
    baseline: t.baseline,
    score: t.score,
    ticketIds: t.ticketIds,
  }));
  const raisedIds = await writeAlerts(ctx.db, writes, now);
  return {
    raised: await alertsByIds(ctx.db, raisedIds),
    topics: topics.length,
    recentTickets: recent.length,
    cache: { key: cacheKey, baseline },
  };
}

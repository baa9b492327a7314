import { normalizeKbText, zhWordSegmenter } from '../kb/kb-terms';

/**
 * Hot-topic early warning (热点预警). Pure: tickets and the clock come in, candidate topics go out.
 *
 * Rule: a key (phrase or category, by district and street) raises an alert for a window when
 * its count k there is improbable under a Poisson model of its own past, P(X ≥ k | λ) < 1e-6,
 * AND k ≥ 8. λ comes from the 28 days before the last one: the day window's λ is the mean daily
 * count; the hour window's the larger of the mean count in the same clock hour and the mean
 * hourly count; never below 0.2, so a key never seen needs a real burst (k = 8 at λ = 0.2 gives
 * P ≈ 5e-11, k = 8 at λ = 2 gives 1e-3: no alert). Candidates whose tickets overlap (Jaccard ≥ 0.5)
 * are one topic under the most specific label; a broader candidate that is only significant
 * because of a topic's tickets is absorbed by it, so one burst raises one alert.
 */
export const HOT_TOPIC_RULE = {
  statistic: 'poisson_tail',
  /** Raise when P(X ≥ k | λ) is below this. */
  threshold: 1e-6,
  /** ... and at least this many tickets. */
  minCount: 8,
  /** λ never goes below this (per window). */
  baselineFloor: 0.2,
  /** Days of history the baseline is the mean of (ending a day before the run). */
  baselineDays: 28,
  /** Candidates sharing this much of their tickets are one topic. */
  mergeJaccard: 0.5,
  /** An open alert of the same topic raised this recently is updated, not raised again. */
  reraiseHours: 6,
} as const;

export const HOT_TOPIC_WINDOWS = ['hour', 'day'] as const;
export type THotTopicWindow = (typeof HOT_TOPIC_WINDOWS)[number];
export const HOT_TOPIC_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type THotTopicStatus = (typeof HOT_TOPIC_STATUSES)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const HOT_TOPIC_WINDOW_MS: Record<THotTopicWindow, number> = { hour: HOUR, day: DAY };

/** P(X ≥ k) for X ~ Poisson(λ), accurate in the far tail (summed upward, not 1 − CDF). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  const logPmf = (i: number) => -lambda + i * Math.log(lambda) - logFactorial(i);
  if (k > lambda) {
    let term = Math.exp(logPmf(k));
    let sum = 0;
    for (let i = k; term > sum * 1e-16 && i < k + 10_000; i++) {
      sum += term;
      term *= lambda / (i + 1);
    }
    return Math.min(1, sum);
  }
  let below = 0;
  for (let i = 0; i < k; i++) below += Math.exp(logPmf(i));
  return Math.max(0, 1 - below);
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * Words that say nothing about what a complaint is about: how callers and agents frame every
 * ticket, fillers, times. Single characters and numbers are dropped anyway.
 */
export const HOT_TOPIC_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '市民 反映 反映出 问题 小区 希望 处理 来电 请求 附近 目前 情况 尽快 要求 解决 相关 部门 一直 经常 ' +
    '已经 现在 没有 我们 你们 他们 自己 这个 那个 这里 那里 这样 什么 怎么 如何 可以 是否 能否 请问 ' +
    '您好 你好 谢谢 麻烦 帮忙 咨询 投诉 举报 建议 求助 诉求 来电人 称 表示 发现 出现 存在 造成 导致 ' +
    '影响 严重 非常 特别 很多 一些 还是 但是 因为 所以 如果 就是 还有 以及 并且 或者 然后 之前 以后 ' +
    '每天 晚上 白天 早上 上午 下午 中午 时候 时间 最近 今天 昨天 明天 好几天 多次 几次 一次 多天 ' +
    '工作人员 有关 单位 政府 市里 部门 相关部门 回复 核实 联系 电话 号码 先生 女士 师傅 业主 居民 ' +
    '大家 周边 门口 路口 对面 旁边 这边 那边 地方 位置 区域 一带 路段 地址 交叉口 交界处 ' +
    // parts of place names: where, not what
    '街道 社区 新村 花园 家园 中路 东路 西路 南路 北路 大道 大街 号楼 单元'
  ).split(' '),
);

const ALL_HAN = /^\p{Script=Han}+$/u;
/** More phrases than this per ticket are noise (long accounts); the first ones carry the matter. */
const MAX_PHRASES = 24;

/** The Chinese words (two characters or more) of a text, in order. */
export function hotTopicWords(text: string): string[] {
  const out: string[] = [];
  for (const s of zhWordSegmenter().segment(normalizeKbText(text))) {
    if (s.isWordLike && ALL_HAN.test(s.segment) && [...s.segment].length >= 2) out.push(s.segment);
  }
  return out;
}

/**
 * The key phrases of a ticket: the Chinese words (two characters or more) of its title and
 * description, without stop words and without the words of its address or of the known place
 * names (`placeWords`: a place is a dimension of its own, never a topic), distinct, first first.
 */
export function hotTopicPhrases(
  title: string,
  description: string,
  address?: string | null,
  placeWords: ReadonlySet<string> = new Set(),
): string[] {
  const place = new Set(address ? hotTopicWords(address) : []);
  const seen = new Set<string>();
  for (const w of hotTopicWords(`${title}。${description}`)) {
    if (seen.size >= MAX_PHRASES) break;
    if (!HOT_TOPIC_STOP_WORDS.has(w) && !place.has(w) && !placeWords.has(w)) seen.add(w);
  }
  return [...seen];
}

const STREET_IN_ADDRESS = /([\p{Script=Han}]{1,6}?(?:街道|镇|乡))/u;

/**
 * The street / town (街道 / 镇) an address names: the first of the known street names it
 * contains, else anything ending in 街道 / 镇 / 乡 after the district name; null when none.
 */
export function streetOfAddress(
  address: string | null | undefined,
  knownStreets: readonly string[] = [],
  districtName?: string,
): string | null {
  if (!address) return null;
  const known = knownStreets.find((s) => address.includes(s));
  if (known) return known;
  const rest = districtName && address.includes(districtName) ? address.split(districtName)[1]! : address;
  return STREET_IN_ADDRESS.exec(rest)?.[1] ?? null;
}

/** A ticket as the detector sees it: a confidential (12388) ticket has no phrases. */
export type THotTopicTicket = {
  id: string;
  createdAt: Date;
  categoryId: string | null;
  districtId: string | null;
  street: string | null;
  phrases: readonly string[];
};

export type THotTopicDims = { phrase?: string; categoryId?: string; districtId?: string; street?: string };
export type THotTopicKey = { key: string; dims: THotTopicDims; specificity: number };

/** `phrase:路灯|district:<id>|street:湖塘镇`: stable, the same for every window. */
export function hotTopicKeyOf(d: THotTopicDims): string {
  const parts: string[] = [];
  if (d.phrase !== undefined) parts.push(`phrase:${d.phrase}`);
  if (d.categoryId !== undefined) parts.push(`category:${d.categoryId}`);
  if (d.districtId !== undefined) parts.push(`district:${d.districtId}`);
  if (d.street !== undefined) parts.push(`street:${d.street}`);
  return parts.join('|');
}

/**
 * The keys a ticket counts for: (phrase, district[, street]), (category, district[, street]) and
 * (category). Specificity: street 3, district 2, city 1; a phrase half a point above a category.
 */
export function hotTopicKeysOf(t: THotTopicTicket): THotTopicKey[] {
  const out: THotTopicKey[] = [];
  const add = (dims: THotTopicDims, specificity: number) =>
    out.push({ key: hotTopicKeyOf(dims), dims, specificity });
  if (t.districtId) {
    for (const phrase of t.phrases) {
      add({ phrase, districtId: t.districtId }, 2.5);
      if (t.street) add({ phrase, districtId: t.districtId, street: t.street }, 3.5);
    }
    if (t.categoryId) {
      add({ categoryId: t.categoryId, districtId: t.districtId }, 2);
      if (t.street) add({ categoryId: t.categoryId, districtId: t.districtId, street: t.street }, 3);
    }
  }
  if (t.categoryId) add({ categoryId: t.categoryId }, 1);
  return out;
}

const chinaHour = (d: Date) => (d.getUTCHours() + 8) % 24;

/** Counts of each key over the baseline period: in all, and per China clock hour. */
export type THotTopicBaseline = { days: number; keys: Map<string, { total: number; byHour: number[] }> };

/** The period the baseline of a run at `now` covers: 28 days, ending a day before the run's hour. */
export function hotTopicBaselinePeriod(now: Date): { from: Date; to: Date } {
  const to = new Date(Math.floor(now.getTime() / HOUR) * HOUR - DAY);
  return { from: new Date(to.getTime() - HOT_TOPIC_RULE.baselineDays * DAY), to };
}

export function buildHotTopicBaseline(tickets: readonly THotTopicTicket[]): THotTopicBaseline {
  const keys = new Map<string, { total: number; byHour: number[] }>();
  for (const t of tickets) {
    const h = chinaHour(t.createdAt);
    for (const { key } of hotTopicKeysOf(t)) {
      let k = keys.get(key);
      if (!k) keys.set(key, (k = { total: 0, byHour: new Array<number>(24).fill(0) }));
      k.total++;
      k.byHour[h]!++;
    }
  }
  return { days: HOT_TOPIC_RULE.baselineDays, keys };
}

/** λ of a key for a window ending at `now`. */
export function hotTopicExpectedCount(
  b: THotTopicBaseline,
  key: string,
  window: THotTopicWindow,
  now: Date,
): number {
  const k = b.keys.get(key);
  const floor = HOT_TOPIC_RULE.baselineFloor;
  if (!k) return floor;
  if (window === 'day') return Math.max(floor, k.total / b.days);
  const sameHour = k.byHour[chinaHour(new Date(now.getTime() - HOUR / 2))]! / b.days;
  return Math.max(floor, sameHour, k.total / (b.days * 24));
}

export type THotTopicCandidate = THotTopicKey & {
  window: THotTopicWindow;
  /** The row key of the window: the run's clock hour (hour) or China day (day). */
  windowStart: Date;
  count: number;
  baseline: number;
  /** P(X ≥ count | baseline). */
  score: number;
  ticketIds: string[];
  /** Mean position of the phrase in its tickets' phrases (title first): ties go to the leading word. */
  rank: number;
};
export type THotTopic = THotTopicCandidate & { members: THotTopicCandidate[] };

export function hotTopicWindowStart(window: THotTopicWindow, now: Date): Date {
  if (window === 'hour') return new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  return new Date(Math.floor((now.getTime() + 8 * HOUR) / DAY) * DAY - 8 * HOUR);
}

/** Every key whose count in the window (the `window` before `now`) passes the rule. */
export function findHotTopicCandidates(
  recent: readonly THotTopicTicket[],
  baseline: THotTopicBaseline,
  now: Date,
): THotTopicCandidate[] {
  const out: THotTopicCandidate[] = [];
  for (const window of HOT_TOPIC_WINDOWS) {
    const from = now.getTime() - HOT_TOPIC_WINDOW_MS[window];
    const groups = new Map<string, { k: THotTopicKey; ids: string[]; rankSum: number }>();
    for (const t of recent) {
      const at = t.createdAt.getTime();
      if (at <= from || at > now.getTime()) continue;
      for (const k of hotTopicKeysOf(t)) {
        const rank = k.dims.phrase === undefined ? 0 : t.phrases.indexOf(k.dims.phrase);
        const g = groups.get(k.key);
        if (g) {
          g.ids.push(t.id);
          g.rankSum += rank;
        } else groups.set(k.key, { k, ids: [t.id], rankSum: rank });
      }
    }
    for (const { k, ids, rankSum } of groups.values()) {
      if (ids.length < HOT_TOPIC_RULE.minCount) continue;
      const baselineCount = hotTopicExpectedCount(baseline, k.key, window, now);
      const score = poissonUpperTail(ids.length, baselineCount);
      if (score >= HOT_TOPIC_RULE.threshold) continue;
      out.push({
        ...k,
        window,
        windowStart: hotTopicWindowStart(window, now),
        count: ids.length,
        baseline: baselineCount,
        score,
        ticketIds: [...ids].sort(),
        rank: rankSum / ids.length,
      });
    }
  }
  return out;
}

export function ticketJaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const inter = b.filter((x) => sa.has(x)).length;
  return inter / (sa.size + b.length - inter || 1);
}

/**
 * Groups candidates into topics, most specific first (then the hour before the day, more
 * tickets, the smaller tail probability, the phrase that comes first in the tickets' texts). A candidate joins the first topic whose tickets it shares by Jaccard ≥ 0.5;
 * one that would not pass the rule without a topic's tickets is absorbed by that topic.
 */
export function mergeHotTopicCandidates(candidates: readonly THotTopicCandidate[]): THotTopic[] {
  const sorted = [...candidates].sort(
    (a, b) =>
      b.specificity - a.specificity ||
      (a.window === b.window ? 0 : a.window === 'hour' ? -1 : 1) ||
      b.count - a.count ||
      a.score - b.score ||
      a.rank - b.rank ||
      a.key.localeCompare(b.key),
  );
  const topics: THotTopic[] = [];
  for (const c of sorted) {
    const home = topics.find((t) => {
      if (ticketJaccard(t.ticketIds, c.ticketIds) >= HOT_TOPIC_RULE.mergeJaccard) return true;
      const inTopic = new Set(t.members.flatMap((m) => m.ticketIds));
      const rest = c.ticketIds.filter((id) => !inTopic.has(id)).length;
      return rest < HOT_TOPIC_RULE.minCount || poissonUpperTail(rest, c.baseline) >= HOT_TOPIC_RULE.threshold;
    });
    if (home) home.members.push(c);
    else topics.push({ ...c, members: [c] });
  }
  return topics;
}

/** Names for labels: a district's short name (武进区), a category's name. */
export type THotTopicNames = { district(id: string): string; category(id: string): string };

/** "路灯 · 武进区 湖塘镇", "市政设施与路灯 · 武进区", "市政设施与路灯 · 全市". */
export function hotTopicLabel(d: THotTopicDims, names: THotTopicNames): string {
  const what = d.phrase ?? (d.categoryId ? names.category(d.categoryId) : '');
  const where = d.districtId ? [names.district(d.districtId), d.street].filter(Boolean).join(' ') : '全市';
  return `${what} · ${where}`;
}

/** The whole run: candidates from the recent tickets against the baseline, merged into topics. */
export function detectHotTopics(
  recent: readonly THotTopicTicket[],
  baseline: THotTopicBaseline,
  now: Date,
): THotTopic[] {
  return mergeHotTopicCandidates(findHotTopicCandidates(recent, baseline, now));
}

/** The socket.io event (room `supervisors`) a newly raised alert is announced with. */
export const HOT_TOPIC_RAISED_EVENT = 'hot_topic.raised';

/** An alert as the API lists it and the socket announces it. */
export type THotTopicAlertDto = {
  id: string;
  topicKey: string;
  label: string;
  window: THotTopicWindow;
  windowStart: string;
  dimensions: Record<string, unknown>;
  count: number;
  /** λ, the expected count. */
  baseline: number;
  statistic: string;
  /** P(X ≥ count | baseline). */
  score: number;
  threshold: number;
  status: THotTopicStatus;
  raisedAt: string;
  updatedAt: string;
};

export type THotTopicTicketDto = {
  id: string;
  no: string;
  title: string;
  district: string | null;
  createdAt: string;
  status: string;
};

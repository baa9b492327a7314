import { z } from 'zod';
import { CHANNELS, LINES, type TChannel, type TLine } from '../ticket/ticket-enums';
import type { TTicketStatus } from '../ticket/ticket-status';
import {
  CHANNEL_COUNTERS,
  UNIT_COUNTERS,
  ZDay,
  type TChannelCounters,
  type TUnitCounters,
  type TUnitRates,
} from './kpi';
import { parsePeriod, ZPeriodKey } from './period';

/** The longest range one KPI query covers (a trend of years would draw nothing readable). */
export const KPI_MAX_RANGE_DAYS = 3 * 366;
/** Trend points per query: one a day. */
export const KPI_MAX_TREND_DAYS = 366;

const dayCount = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

const ZRange = z.object({ from: ZDay, to: ZDay });
const rangeOk = (max: number) => (q: { from: string; to: string }) =>
  q.from <= q.to && dayCount(q.from, q.to) <= max;
const rangeMessage = (max: number) => ({
  message: `from must not be after to, and the range at most ${max} days`,
  path: ['to'],
});

/** Where a KPI row's figures come from: one unit, a unit and its subtree (district), or all (city). */
export const KPI_LEVELS = ['unit', 'district', 'city'] as const;
export type TKpiLevel = (typeof KPI_LEVELS)[number];

/**
 * `GET /api/v1/kpi/units?period=2018-03` or `?from&to`, `level` (default unit), optional
 * `unitId` (that unit only; with level=district its subtree). kpiRangeOf() gives the days.
 */
export const ZKpiUnitsQuery = z
  .object({
    period: ZPeriodKey.optional(),
    from: ZDay.optional(),
    to: ZDay.optional(),
    level: z.enum(KPI_LEVELS).default('unit'),
    unitId: z.uuid().optional(),
  })
  .refine((q) => (q.period ? !q.from && !q.to : q.from && q.to), {
    message: 'give either period or both from and to',
    path: ['period'],
  })
  .refine((q) => rangeOk(KPI_MAX_RANGE_DAYS)(kpiRangeOf(q)), rangeMessage(KPI_MAX_RANGE_DAYS));
export type TKpiUnitsQuery = z.infer<typeof ZKpiUnitsQuery>;

/** The China-time days a checked units query covers. */
export function kpiRangeOf(q: {
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}): {
  from: string;
  to: string;
} {
  const p = q.period ? parsePeriod(q.period) : null;
  return p ? { from: p.from, to: p.to } : { from: q.from ?? '', to: q.to ?? '' };
}

export type TKpiUnitRow = {
  unitId: string;
  unitName: string;
  kind: string;
  counters: TUnitCounters;
  rates: TUnitRates;
};
export type TKpiUnitsResponse = { from: string; to: string; level: TKpiLevel; rows: TKpiUnitRow[] };

/** `GET /api/v1/kpi/trend?from&to[&unitId]`: per day, the unit's subtree (or everything visible). */
export const ZKpiTrendQuery = ZRange.extend({ unitId: z.uuid().optional() }).refine(
  rangeOk(KPI_MAX_TREND_DAYS),
  rangeMessage(KPI_MAX_TREND_DAYS),
);
export type TKpiTrendQuery = z.infer<typeof ZKpiTrendQuery>;
export type TKpiTrendDay = { day: string; counters: TUnitCounters; rates: TUnitRates };
export type TKpiTrendResponse = { from: string; to: string; unitId: string | null; days: TKpiTrendDay[] };

/** `GET /api/v1/kpi/channels?from&to`: the hotline's intake and telephone figures. */
export const ZKpiChannelsQuery = ZRange.refine(rangeOk(KPI_MAX_RANGE_DAYS), rangeMessage(KPI_MAX_RANGE_DAYS));
export type TKpiChannelsQuery = z.infer<typeof ZKpiChannelsQuery>;

export type TKpiCalls = {
  offered: number;
  answered: number;
  abandoned: number;
  /** answered / offered. */
  answerRate: number | null;
  /** Average seconds from ringing to answer, one decimal; null with no answered call. */
  avgWaitSeconds: number | null;
  threeWay: number;
};
export type TKpiChannelsResponse = {
  from: string;
  to: string;
  tickets: number;
  byChannel: Partial<Record<TChannel, number>>;
  byLine: Partial<Record<TLine, number>>;
  /** Every (line, channel) with tickets, with all channel counters. */
  rows: ({ line: TLine; channel: TChannel } & TChannelCounters)[];
  calls: TKpiCalls;
  dataQualityRate: number | null;
};

/** What `/kpi/tickets` lists: a unit counter, a late complement, or a channel counter. */
export const KPI_TICKET_METRICS = [
  ...UNIT_COUNTERS,
  'repliedLate',
  'signedLate',
  ...CHANNEL_COUNTERS,
] as const;
export type TKpiTicketMetric = (typeof KPI_TICKET_METRICS)[number];
export const isChannelMetric = (m: TKpiTicketMetric): boolean =>
  (CHANNEL_COUNTERS as readonly string[]).includes(m);

/**
 * `GET /api/v1/kpi/tickets?metric&from&to[&unitId][&level][&line][&channel][&cursor]`: the
 * events behind a figure, newest first. Unit metrics: `unitId` with level unit (default) or
 * district (its subtree); no unitId = everything visible. Channel metrics: optional line and channel.
 */
export const ZKpiTicketsQuery = ZRange.extend({
  metric: z.enum(KPI_TICKET_METRICS),
  unitId: z.uuid().optional(),
  level: z.enum(['unit', 'district']).default('unit'),
  line: z.enum(LINES).optional(),
  channel: z.enum(CHANNELS).optional(),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'a cursor from the previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).refine(rangeOk(KPI_MAX_RANGE_DAYS), rangeMessage(KPI_MAX_RANGE_DAYS));
export type TKpiTicketsQuery = z.infer<typeof ZKpiTicketsQuery>;

export type TKpiTicketItem = {
  eventId: string;
  ticketId: string;
  no: string;
  /** Masked (CONFIDENTIAL_TITLE) for 12388 reports the reader may not read. */
  title: string;
  status: TTicketStatus;
  confidential: boolean;
  /** China-time day the event counted on. */
  day: string;
  unitId: string | null;
  unitName: string | null;
  /** What the event added to the counter (1, or seconds for handleSeconds). */
  amount: number;
};
export type TKpiTicketsResponse = { items: TKpiTicketItem[]; nextCursor: string | null };

/** `GET /api/v1/screen/live`: everything the big screen (大屏) shows, in one snapshot. */
export type TScreenRates = {
  onTimeRate: number | null;
  satisfactionRate: number | null;
  signOnTimeRate: number | null;
};
export type TScreenLive = {
  asOf: string;
  today: string;
  month: { from: string; to: string };
  tickets: {
    total: number;
    byChannel: Partial<Record<TChannel, number>>;
    byLine: Partial<Record<TLine, number>>;
  };
  calls: TKpiCalls;
  rates: TScreenRates & { replied: number; rated: number };
  /** The last 30 days (today included), oldest first. */
  trend: (TScreenRates & { day: string; tickets: number; replied: number })[];
  open: { open: number; warning: number; overdue: number };
  /** Units by on-time rate this month (at least one reply), best first. */
  ranking: { unitId: string; unitName: string; replied: number; onTimeRate: number | null }[];
  /** Today's filed tickets by district and by category (12388 reports counted, never named). */
  byDistrict: { districtId: string | null; name: string; count: number }[];
  byCategory: { categoryId: string | null; name: string; count: number }[];
  hotTopics: {
    id: string;
    label: string;
    window: string;
    count: number;
    baseline: number;
    raisedAt: string;
    ticketCount: number;
  }[];
};

/** `POST /api/v1/kpi/rebuild` (admin): 202 with the request id; the workers recompute everything. */
export type TKpiRebuildResponse = { requestId: string };

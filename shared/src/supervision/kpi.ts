import { z } from 'zod';
import { CHANNELS, type TChannel } from '../ticket/ticket-enums';

/**
 * The KPI counters kept per unit and China-time day (`kpi_unit_daily`), in API (camelCase) form.
 * Each is a count of ticket events (server/src/modules/kpi/kpi-facts.ts says which), so every
 * figure can be listed ticket by ticket and recomputed from the event log.
 */
export const UNIT_COUNTERS = [
  'received',
  'repeatReceived',
  'signed',
  'signedOnTime',
  'replied',
  'repliedOnTime',
  'solved',
  'handleSeconds',
  'returned',
  'redone',
  'extensionRequested',
  'extensionApproved',
  'rated',
  'satisfied',
  'basicallySatisfied',
  'unsatisfied',
  'resolvedRated',
  'supervisedYellow',
  'supervisedRed',
  'breachedSign',
  'breachedReply',
] as const;
export type TUnitCounter = (typeof UNIT_COUNTERS)[number];
export type TUnitCounters = Record<TUnitCounter, number>;

/** Per China-time day, line and channel (`kpi_channel_daily`). */
export const CHANNEL_COUNTERS = [
  'tickets',
  'answeredOnSpot',
  'repeatCallers',
  'dqComplete',
  'dqTimely',
] as const;
export type TChannelCounter = (typeof CHANNEL_COUNTERS)[number];
export type TChannelCounters = Record<TChannelCounter, number>;

/** Per China-time day and CTI queue (`kpi_call_daily`). */
export const CALL_COUNTERS = [
  'offered',
  'answered',
  'abandoned',
  'waitSeconds',
  'talkSeconds',
  'threeWay',
] as const;
export type TCallCounter = (typeof CALL_COUNTERS)[number];
export type TCallCounters = Record<TCallCounter, number>;

export const zeroCounters = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The channels counted as 网络受理 (online items) in the hotline's reports. */
export const ONLINE_CHANNELS = [
  'wechat',
  'weibo',
  'web',
  'open311',
  'app',
] as const satisfies readonly TChannel[];
export const isOnlineChannel = (c: string): boolean => (ONLINE_CHANNELS as readonly string[]).includes(c);
export { CHANNELS };

/** A fraction rounded to four decimals; null when nothing was measured. */
export function rate(numerator: number, denominator: number): number | null {
  if (!denominator) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

/** The unit KPIs (rates as 4-decimal fractions, null with no denominator). */
export type TUnitRates = {
  /** 及时签收率: signed for by the sign-for deadline, over all sign-fors. */
  signOnTimeRate: number | null;
  /** 按时办结率: replies by the reply deadline, over all replies. */
  onTimeRate: number | null;
  /** 满意率: (满意 + 基本满意) over all rated (call-backs and polls). */
  satisfactionRate: number | null;
  /** 解决率: call-backs saying the matter was solved, over all rated. */
  resolutionRate: number | null;
  /** 退单率: returns over work received. */
  returnRate: number | null;
  /** 重办率: redo over replies. */
  redoRate: number | null;
  /** 重复来电率: received work whose caller had called about something in the 30 days before. */
  repeatRate: number | null;
  /** 延期率: extension requests over work received. */
  extensionRate: number | null;
  /** Average hours from receiving the work to replying; null with no reply. */
  avgHandleHours: number | null;
};

export function unitRates(c: TUnitCounters): TUnitRates {
  return {
    signOnTimeRate: rate(c.signedOnTime, c.signed),
    onTimeRate: rate(c.repliedOnTime, c.replied),
    satisfactionRate: rate(c.satisfied + c.basicallySatisfied, c.rated),
    resolutionRate: rate(c.resolvedRated, c.rated),
    returnRate: rate(c.returned, c.received),
    redoRate: rate(c.redone, c.replied),
    repeatRate: rate(c.repeatReceived, c.received),
    extensionRate: rate(c.extensionRequested, c.received),
    avgHandleHours: c.replied ? Math.round((c.handleSeconds / c.replied / 3600) * 100) / 100 : null,
  };
}

/** Data quality (数据质量): complete records and prompt registration, over tickets received. */
export function dataQualityRate(c: TChannelCounters): number | null {
  return rate(c.dqComplete + c.dqTimely, 2 * c.tickets);
}

export const ZDay = z.iso.date();

/**
 * `GET /api/v1/reports/summary?from&to` (supervisor, admin): the figures of the hotline section
 * of a work report, over China-time days `from`..`to` inclusive. Rates are 4-decimal fractions.
 */
export const ZReportSummaryQuery = z
  .object({ from: ZDay, to: ZDay })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type TReportSummaryQuery = z.infer<typeof ZReportSummaryQuery>;

export type TReportSummary = {
  from: string;
  to: string;
  /** Inbound calls answered by an agent. */
  callsAnswered: number;
  /** Tickets received through the online channels (ONLINE_CHANNELS). */
  onlineItems: number;
  onlineItemsByChannel: Partial<Record<TChannel, number>>;
  /** Tickets received through every channel. */
  ticketsReceived: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  /** Calls with three or more parties (三方通话, e.g. 不见面审批 with a department on the line). */
  threeWayCalls: number;
  signOnTimeRate: number | null;
  returnRate: number | null;
  redoRate: number | null;
};

/**
 * Report figures from the KPI roll-up tables (kpi_unit_daily summed over every unit,
 * kpi_channel_daily, kpi_call_daily) for China-time days from..to inclusive. The roll-up is
 * itself a sum of per-event facts, so every figure here can be recomputed from the event log.
 */
import {
  type TUnitReportRow,
  isOnlineChannel,
  UNIT_COUNTERS,
  unitRates,
  zeroCounters,
  type TChannel,
  type TReportSummary,
  type TUnitCounters,
} from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const unitSums = sql.raw(
  UNIT_COUNTERS.map((k) => `coalesce(sum(${snake(k)}), 0)::bigint as "${k}"`).join(', '),
);

async function rows<T>(db: TDbOrTx, q: SQL): Promise<T[]> {
  return (await db.execute(q)).rows as T[];
}

const toCounters = (r: Record<string, unknown> | undefined): TUnitCounters => {
  const c = zeroCounters(UNIT_COUNTERS);
  for (const k of UNIT_COUNTERS) c[k] = Number(r?.[k] ?? 0);
  return c;
};

export type TPeriodFigures = {
  counters: TUnitCounters;
  byChannel: Partial<Record<TChannel, number>>;
  callsAnswered: number;
  callsOffered: number;
  threeWayCalls: number;
};

/** Summary figures of days from..to, optionally grouped by a day expression (e.g. the month). */
export async function periodFigures(db: TDbOrTx, from: string, to: string): Promise<TPeriodFigures> {
  const range = sql`day between ${from}::date and ${to}::date`;
  const [unit] = await rows<Record<string, unknown>>(
    db,
    sql`select ${unitSums} from kpi_unit_daily where ${range}`,
  );
  const channels = await rows<{ channel: TChannel; n: string }>(
    db,
    sql`select channel, sum(tickets)::bigint as n from kpi_channel_daily where ${range} group by channel order by channel`,
  );
  const [calls] = await rows<{ answered: string; offered: string; three_way: string }>(
    db,
    sql`select coalesce(sum(answered), 0)::bigint as answered, coalesce(sum(offered), 0)::bigint as offered,
          coalesce(sum(three_way), 0)::bigint as three_way
        from kpi_call_daily where ${range}`,
  );
  return {
    counters: toCounters(unit),
    byChannel: Object.fromEntries(
      channels.filter((c) => Number(c.n) > 0).map((c) => [c.channel, Number(c.n)]),
    ),
    callsAnswered: Number(calls?.answered ?? 0),
    callsOffered: Number(calls?.offered ?? 0),
    threeWayCalls: Number(calls?.three_way ?? 0),
  };
}

export function summaryOf(from: string, to: string, f: TPeriodFigures): TReportSummary {
  const rates = unitRates(f.counters);
  const entries = Object.entries(f.byChannel) as [TChannel, number][];
  const onlineItemsByChannel = Object.fromEntries(entries.filter(([c]) => isOnlineChannel(c)));
  return {
    from,
    to,
    callsAnswered: f.callsAnswered,
    onlineItems: Object.values(onlineItemsByChannel).reduce((s, n) => s + n, 0),
    onlineItemsByChannel,
    ticketsReceived: entries.reduce((s, [, n]) => s + n, 0),
    onTimeRate: rates.onTimeRate,
    satisfactionRate: rates.satisfactionRate,
    threeWayCalls: f.threeWayCalls,
    signOnTimeRate: rates.signOnTimeRate,
    returnRate: rates.returnRate,
    redoRate: rates.redoRate,
  };
}

export async function reportSummary(db: TDbOrTx, from: string, to: string): Promise<TReportSummary> {
  return summaryOf(from, to, await periodFigures(db, from, to));
}

/** Months (first day .. last day, clipped to the period) the period touches. */
export function monthsOf(from: string, to: string): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to.slice(0, 7)) break;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const mFrom = `${month}-01` < from ? from : `${month}-01`;
    const mTo =
      `${month}-${String(last).padStart(2, '0')}` > to ? to : `${month}-${String(last).padStart(2, '0')}`;
    out.push({ month, from: mFrom, to: mTo });
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

export async function monthlySummaries(db: TDbOrTx, from: string, to: string): Promise<TReportSummary[]> {
  const out: TReportSummary[] = [];
  for (const m of monthsOf(from, to)) out.push(await reportSummary(db, m.from, m.to));
  return out;
}

/** Per unit that received, replied or was rated in the period, busiest first. */
export async function unitTable(db: TDbOrTx, from: string, to: string): Promise<TUnitReportRow[]> {
  const list = await rows<
    Record<string, unknown> & { unit_id: string; code: string; name: string; kind: string }
  >(
    db,
    sql`select k.unit_id, u.code, u.name, u.kind, ${unitSums}
        from kpi_unit_daily k join units u on u.id = k.unit_id
        where k.day between ${from}::date and ${to}::date
        group by k.unit_id, u.code, u.name, u.kind`,
  );
  return list
    .map((r) => {
      const c = toCounters(r);
      const rates = unitRates(c);
      return {
        unitId: r.unit_id,
        code: r.code,
        name: r.name,
        kind: r.kind,
        received: c.received,
        replied: c.replied,
        repliedOnTime: c.repliedOnTime,
        onTimeRate: rates.onTimeRate,
        rated: c.rated,
        satisfied: c.satisfied + c.basicallySatisfied,
        satisfactionRate: rates.satisfactionRate,
        returned: c.returned,
        redone: c.redone,
      };
    })
    .filter((r) => r.received || r.replied || r.rated)
    .sort((a, b) => b.received - a.received || a.code.localeCompare(b.code));
}

export const CHANNEL_ORDER = ['phone', 'weibo', 'wechat', 'web', 'app', 'open311', 'province'] as const;

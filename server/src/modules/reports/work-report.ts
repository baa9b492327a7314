/**
 * The hotline section of a work report (工作总结 热线部分): the summary, by channel, by month,
 * per unit, and the paragraph a report quotes, written from the computed figures only.
 */
import {
  isOnlineChannel,
  parsePeriod,
  type TChannel,
  type TReportSummary,
  type TWorkReport,
} from '@hotline/shared';
import type { TDbOrTx } from '../../infra/db/client';
import { CHANNEL_ORDER, monthlySummaries, periodFigures, summaryOf, unitTable } from './report.repository';

export const CHANNEL_NAMES: Record<string, string> = {
  phone: '电话',
  weibo: '微博',
  wechat: '微信',
  web: '网站',
  app: '手机APP',
  open311: 'Open311接口',
  province: '省平台转办',
};

const QUARTERS = ['一', '二', '三', '四'];

export function periodLabel(from: string, to: string): string {
  const y = from.slice(0, 4);
  const sameYear = y === to.slice(0, 4);
  const is = (key: string) => {
    const p = parsePeriod(key);
    return p !== null && p.from === from && p.to === to;
  };
  if (sameYear && is(`${y}-H1`)) return '上半年';
  if (sameYear && is(`${y}-H2`)) return '下半年';
  if (sameYear && is(y)) return '全年';
  for (let q = 1; q <= 4; q++) if (sameYear && is(`${y}-Q${q}`)) return `${QUARTERS[q - 1]}季度`;
  if (sameYear && is(from.slice(0, 7))) return `${Number(from.slice(5, 7))}月份`;
  const day = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return `${Number(y)}年${day(from)}至${sameYear ? '' : `${Number(to.slice(0, 4))}年`}${day(to)}`;
}

/** 0.9986 → 99.86%, 0.996 → 99.6% (a rate's four decimals as a percentage, no trailing zeros). */
export function percent(rate: number | null): string {
  if (rate === null) return '—';
  return `${(rate * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

export function workParagraph(label: string, s: TReportSummary): string {
  const online = (['weibo', 'wechat', 'web', 'app', 'open311'] as const).filter(
    (c) => (s.onlineItemsByChannel[c] ?? 0) > 0,
  );
  const via = online.length ? `通过${online.map((c) => CHANNEL_NAMES[c]).join('、')}` : '通过网络渠道';
  return (
    `${label}，共接听来电${s.callsAnswered}件，${via}受理事项${s.onlineItems}件，` +
    `按时办结率${percent(s.onTimeRate)}，群众满意率${percent(s.satisfactionRate)}；` +
    `通过三方通话助力不见面审批${s.threeWayCalls}次`
  );
}

export async function buildWorkReport(db: TDbOrTx, from: string, to: string): Promise<TWorkReport> {
  const f = await periodFigures(db, from, to);
  const summary = summaryOf(from, to, f);
  const known = new Set<string>(CHANNEL_ORDER);
  const channels = [
    ...CHANNEL_ORDER,
    ...(Object.keys(f.byChannel) as TChannel[]).filter((c) => !known.has(c)),
  ];
  const label = periodLabel(from, to);
  return {
    from,
    to,
    periodLabel: label,
    summary,
    byChannel: channels.map((channel) => ({
      channel,
      name: CHANNEL_NAMES[channel] ?? channel,
      tickets: f.byChannel[channel] ?? 0,
      online: isOnlineChannel(channel),
    })),
    byMonth: await monthlySummaries(db, from, to),
    units: await unitTable(db, from, to),
    paragraph: workParagraph(label, summary),
  };
}

import {
  AppError,
  ASSESSMENT_KPI_LABELS,
  type TAssessmentNotice,
  type TNoticeUnitLine,
  type TPeriod,
  type TRankingTier,
} from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import type { TStoredUnitScore } from '../assessment-types';
import { loadPeriodResults, toRankingTiers } from './get-rankings';

const QUARTERS = ['一', '二', '三', '四'];

/** 2018年3月, 2018年第一季度, 2018年上半年, 2018年度, 2018年3月5日, 2018-01-01至2018-06-30. */
export function periodTitle(p: TPeriod): string {
  const [y, m, d] = p.from.split('-').map(Number) as [number, number, number];
  switch (p.kind) {
    case 'month':
      return `${y}年${m}月`;
    case 'quarter':
      return `${y}年第${QUARTERS[(m - 1) / 3]}季度`;
    case 'half':
      return `${y}年${m === 1 ? '上' : '下'}半年`;
    case 'year':
      return `${y}年度`;
    case 'day':
      return `${y}年${m}月${d}日`;
    default:
      return `${p.from}至${p.to}`;
  }
}

const pct = (v: number | null) => (v === null ? '无数据' : `${(v * 100).toFixed(2)}%`);
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);
const names = (rows: { name: string }[]) => rows.map((r) => r.name).join('、') || '无';

function tierSentence(t: TRankingTier): string {
  const ranked = t.rows.filter((r) => r.ranked);
  if (!ranked.length) return `${t.label}（满分${t.fullMarks}分）：本期无参与排名的单位。`;
  const avg = Math.round((ranked.reduce((n, r) => n + r.score, 0) / ranked.length) * 100) / 100;
  const best = ranked[0]!;
  const worst = ranked[ranked.length - 1]!;
  return (
    `${t.label}（满分${t.fullMarks}分）：${ranked.length}家参与排名，平均得分${avg}分，` +
    `最高${best.name}（${best.score}分），最低${worst.name}（${worst.score}分）。` +
    `红榜：${names(t.red)}；黑榜：${names(t.black)}。`
  );
}

function unitLine(s: TStoredUnitScore): TNoticeUnitLine {
  const standing = s.ranked
    ? `${s.tierLabel}第${s.rank}名${s.list === 'red' ? '，列入红榜' : s.list === 'black' ? '，列入黑榜' : ''}`
    : `受理${s.received}件，不足${s.minReceived}件，不参与排名`;
  const items = s.items
    .filter((i) => i.why !== 'excluded')
    .map((i) => `${ASSESSMENT_KPI_LABELS[i.kpi].zh}${pct(i.value)}，得${i.points}/${i.maxPoints}分`)
    .join('；');
  const adj = s.adjustments
    .filter((a) => a.points !== 0)
    .map((a) => `${a.label}${a.counted}次${signed(a.points)}分`)
    .join('；');
  return {
    unitId: s.unitId,
    name: s.name,
    tier: s.tier,
    text: `${s.name}：得分${s.score}分（${standing}）。${items}。${adj ? `加减分：${adj}。` : ''}`,
  };
}

/** `GET /assessment/notices/:period`: the 阶段性考核排名通报 of a scored period. */
export async function getNotice(
  ctx: Pick<TUseCaseContext, 'db' | 'clock'>,
  q: { schemeId?: string | undefined; period: string },
): Promise<TAssessmentNotice> {
  const { scheme, period, rows } = await loadPeriodResults(ctx, q);
  if (!rows.length) throw new AppError('NOT_FOUND', `${period.key} has not been scored with this scheme yet`);
  const tiers = toRankingTiers(rows);
  const all = rows.map((r) => r.breakdown);
  const ranked = all.filter((s) => s.ranked).length;
  const computedAt = rows.reduce((m, r) => (r.computedAt > m ? r.computedAt : m), rows[0]!.computedAt);
  const summary = [
    `本期（${period.from}至${period.to}）按「${scheme.name}」对${all.length}家单位进行考核，` +
      `其中${ranked}家参与排名` +
      (all.length > ranked
        ? `，${all.length - ranked}家受理量不足${all[0]!.minReceived}件不参与排名。`
        : '。'),
    ...tiers.map(tierSentence),
  ];
  const order = new Map(tiers.flatMap((t) => t.rows.map((r, i) => [r.unitId, i] as const)));
  const lines = [...all]
    .sort((a, b) => a.tierIndex - b.tierIndex || order.get(a.unitId)! - order.get(b.unitId)!)
    .map(unitLine);
  return {
    title: `${periodTitle(period)}阶段性考核排名通报`,
    scheme: { id: scheme.id, name: scheme.name },
    period: period.key,
    from: period.from,
    to: period.to,
    computedAt: computedAt.toISOString(),
    summary,
    tiers,
    lines,
  };
}

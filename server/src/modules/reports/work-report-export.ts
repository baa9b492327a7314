/**
 * The work report as a workbook (exceljs) and as CSV (UTF-8 with BOM, for Excel), with the
 * same figures as the page. The first sheet is the summary, so a one-sheet conversion
 * (`libreoffice --convert-to csv`) keeps the headline figures.
 */
import ExcelJS from 'exceljs';
import type { TReportSummary, TWorkReport } from '@hotline/shared';
import { percent } from './work-report';

type TCell = string | number | null;
type TRow = TCell[];
type TTable = { title: string; header: string[]; rows: TRow[]; rateColumns: number[] };

const SUMMARY_LINES: [label: string, key: keyof TReportSummary, rate: boolean][] = [
  ['接听来电（件）', 'callsAnswered', false],
  ['网络受理事项（件）', 'onlineItems', false],
  ['受理工单（件）', 'ticketsReceived', false],
  ['按时办结率', 'onTimeRate', true],
  ['群众满意率', 'satisfactionRate', true],
  ['三方通话（次）', 'threeWayCalls', false],
  ['及时签收率', 'signOnTimeRate', true],
  ['退单率', 'returnRate', true],
  ['重办率', 'redoRate', true],
];

function tables(r: TWorkReport): TTable[] {
  return [
    {
      title: '汇总',
      header: ['指标', '数值'],
      rows: [
        ['统计期间', `${r.from} 至 ${r.to}`],
        ...SUMMARY_LINES.map(([label, key]) => [label, r.summary[key] as number | null]),
      ],
      rateColumns: [],
    },
    {
      title: '按渠道',
      header: ['渠道', '受理工单（件）', '网络受理'],
      rows: r.byChannel.map((c) => [c.name, c.tickets, c.online ? '是' : '否']),
      rateColumns: [],
    },
    {
      title: '按月',
      header: ['月份', '接听来电', '网络受理', '受理工单', '按时办结率', '群众满意率', '三方通话'],
      rows: r.byMonth.map((m) => [
        m.from.slice(0, 7),
        m.callsAnswered,
        m.onlineItems,
        m.ticketsReceived,
        m.onTimeRate,
        m.satisfactionRate,
        m.threeWayCalls,
      ]),
      rateColumns: [4, 5],
    },
    {
      title: '按单位',
      header: [
        '单位',
        '收到工单',
        '办结',
        '按时办结',
        '按时办结率',
        '回访评价',
        '满意',
        '群众满意率',
        '退单',
        '重办',
      ],
      rows: r.units.map((u) => [
        u.name,
        u.received,
        u.replied,
        u.repliedOnTime,
        u.onTimeRate,
        u.rated,
        u.satisfied,
        u.satisfactionRate,
        u.returned,
        u.redone,
      ]),
      rateColumns: [4, 7],
    },
  ];
}

const isRateLine = (title: string, row: TRow) =>
  title === '汇总' && SUMMARY_LINES.some(([label, , rate]) => rate && label === row[0]);

export async function workReportXlsx(r: TWorkReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hotline 12345';
  wb.created = new Date(0);
  for (const t of tables(r)) {
    const ws = wb.addWorksheet(t.title);
    ws.addRow(t.header).font = { bold: true };
    for (const row of t.rows) {
      const added = ws.addRow(row.map((v) => (v === null ? '—' : v)));
      const rateCols = isRateLine(t.title, row) ? [1] : t.rateColumns;
      for (const c of rateCols) if (typeof row[c] === 'number') added.getCell(c + 1).numFmt = '0.00%';
    }
    ws.columns.forEach((col, i) => (col.width = i === 0 ? 28 : 14));
    if (t.title === '汇总') {
      ws.addRow([]);
      ws.addRow(['报告文字', r.paragraph]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: TCell) => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** One CSV with the sections one after another; rates as percentages like the page. */
export function workReportCsv(r: TWorkReport): string {
  const lines: string[] = [];
  for (const t of tables(r)) {
    lines.push(csvCell(`【${t.title}】`), t.header.map(csvCell).join(','));
    for (const row of t.rows) {
      const rateCols = isRateLine(t.title, row) ? [1] : t.rateColumns;
      lines.push(
        row
          .map((v, i) => (rateCols.includes(i) && (typeof v === 'number' || v === null) ? percent(v) : v))
          .map(csvCell)
          .join(','),
      );
    }
    lines.push('');
  }
  lines.push(['报告文字', r.paragraph].map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

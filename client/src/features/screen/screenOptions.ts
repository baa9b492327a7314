import type { TScreenLive } from '@hotline/shared';
import type { EChartsCoreOption } from 'echarts/core';

/** ECharts options of the big screen's charts. Every data item carries the `key` a click opens. */
export const SCREEN_COLORS = ['#36cfc9', '#597ef7', '#ffc53d', '#ff7a45', '#73d13d', '#9254de', '#f759ab'];
/** The channel bars' own colour (the browser test finds the bars by it). */
export const CHANNEL_BAR_COLOR = '#36cfc9';

const axisLabel = { color: '#a6b8d8', fontSize: 14 };
const pct = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 100);

export function barOption(
  bars: { key: string; label: string; value: number }[],
  color: string,
  horizontal = false,
  suffix = '',
): EChartsCoreOption {
  const cat = { type: 'category', data: bars.map((b) => b.label), axisLabel, axisTick: { show: false } };
  const val = {
    type: 'value',
    minInterval: 1,
    ...(suffix === '%' ? { max: 100 } : {}),
    axisLabel,
    splitLine: { lineStyle: { color: '#1f2d4d' } },
  };
  return {
    grid: { left: horizontal ? 150 : 48, right: 40, top: 24, bottom: 36 },
    tooltip: { trigger: 'item' },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: [
      {
        type: 'bar',
        barMaxWidth: 40,
        itemStyle: { color, borderRadius: horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0] },
        label: {
          show: true,
          position: horizontal ? 'right' : 'top',
          color: '#e6f0ff',
          fontSize: 14,
          formatter: `{c}${suffix}`,
        },
        data: bars.map((b) => ({ value: b.value, key: b.key })),
      },
    ],
  };
}

export function pieOption(slices: { key: string; label: string; value: number }[]): EChartsCoreOption {
  return {
    color: SCREEN_COLORS,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, textStyle: { color: '#a6b8d8', fontSize: 13 } },
    series: [
      {
        type: 'pie',
        radius: ['38%', '66%'],
        center: ['50%', '44%'],
        label: { color: '#e6f0ff', fontSize: 14, formatter: '{b}\n{c}' },
        data: slices.map((s) => ({ name: s.label, value: s.value, key: s.key })),
      },
    ],
  };
}

export function trendOption(
  trend: TScreenLive['trend'],
  names: { tickets: string; onTime: string; satisfaction: string },
): EChartsCoreOption {
  const days = trend.map((d) => d.day.slice(5));
  return {
    color: ['#2f54eb', '#36cfc9', '#ffc53d'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: '#a6b8d8', fontSize: 13 } },
    grid: { left: 52, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: days, axisLabel },
    yAxis: [
      {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { ...axisLabel, formatter: '{value}%' },
        splitLine: { lineStyle: { color: '#1f2d4d' } },
      },
      { type: 'value', minInterval: 1, axisLabel, splitLine: { show: false } },
    ],
    series: [
      {
        name: names.tickets,
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: 14,
        itemStyle: { opacity: 0.55 },
        data: trend.map((d) => ({ value: d.tickets, key: d.day, series: 'tickets' })),
      },
      {
        name: names.onTime,
        type: 'line',
        smooth: true,
        connectNulls: true,
        // '-' is ECharts' "no value": a day without replies is a gap, not 0 %.
        data: trend.map((d) => ({ value: pct(d.onTimeRate) ?? '-', key: d.day, series: 'onTime' })),
      },
      {
        name: names.satisfaction,
        type: 'line',
        smooth: true,
        connectNulls: true,
        data: trend.map((d) => ({
          value: pct(d.satisfactionRate) ?? '-',
          key: d.day,
          series: 'satisfaction',
        })),
      },
    ],
  };
}

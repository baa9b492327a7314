import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useEffectEvent, useRef } from 'react';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** What a click on a chart names: the `key` (and `series`) put on the data item. */
export type TChartClick = { key: string; series?: string };

/**
 * One ECharts chart of the big screen, in ECharts' dark theme (SVG, tree-shaken). The stage has
 * a fixed 1920×1080 layout, so charts get fixed pixel sizes; the stage is scaled as a whole.
 * Clicking a data item calls `onSelect` with the item's `key`.
 */
export function ScreenChart({
  option,
  width,
  height,
  testId,
  ariaLabel,
  onSelect,
}: {
  option: echarts.EChartsCoreOption;
  width: number;
  height: number;
  testId: string;
  ariaLabel: string;
  onSelect?: (click: TChartClick) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const select = useEffectEvent((c: TChartClick) => onSelect?.(c));

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, 'dark', { renderer: 'svg', width, height });
    chart.current = instance;
    instance.on('click', (p) => {
      const data = p.data as { key?: string; series?: string } | undefined;
      if (data?.key) select({ key: data.key, series: data.series ?? p.seriesId ?? undefined });
    });
    return () => {
      instance.dispose();
      chart.current = null;
    };
  }, [width, height]);

  useEffect(() => {
    chart.current?.setOption(
      { backgroundColor: 'transparent', animationDuration: 400, ...option },
      { notMerge: true },
    );
  }, [option, width, height]);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      style={{ width, height, cursor: onSelect ? 'pointer' : undefined }}
    />
  );
}

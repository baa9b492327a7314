import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useEffectEvent, useRef } from 'react';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export type TBar = { key: string; label: string; value: number };

const HEIGHT = 240;

/**
 * A plain bar chart drawn by ECharts (SVG, tree-shaken). The numbers are also in the container's
 * accessible name, so a screen reader does not depend on the drawing.
 */
export function ChannelBarChart({
  bars,
  ariaLabel,
  onSelect,
}: {
  bars: TBar[];
  ariaLabel: string;
  onSelect?: (key: string) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const select = useEffectEvent((key: string) => onSelect?.(key));

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, {
      renderer: 'svg',
      width: el.clientWidth || 480,
      height: HEIGHT,
    });
    chart.current = instance;
    instance.on('click', (p) => {
      const key = (p.data as { key?: string } | undefined)?.key;
      if (key) select(key);
    });
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => instance.resize({ width: el.clientWidth || 480, height: HEIGHT }));
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({
      animationDuration: 300,
      // Room for the axis labels (ECharts 6 dropped `containLabel` from the default build).
      grid: { left: 40, right: 16, top: 24, bottom: 28 },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'category', data: bars.map((b) => b.label), axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          barMaxWidth: 36,
          itemStyle: { color: '#1677ff', borderRadius: [4, 4, 0, 0] },
          label: { show: true, position: 'top' },
          data: bars.map((b) => ({ value: b.value, key: b.key })),
        },
      ],
    });
  }, [bars]);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={ariaLabel}
      data-testid="channel-chart"
      style={{ width: '100%', height: HEIGHT, cursor: onSelect ? 'pointer' : undefined }}
    />
  );
}

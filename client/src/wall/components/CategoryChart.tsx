import { useEffect, useMemo, useRef, useState } from 'react';
import { categoryOption, type CategoryChartStyle } from '../charts/categoryOption.js';
import type { ECharts } from '../charts/echartsCore.js';
import { useStrings } from '../i18n/useStrings.js';

const STYLE: CategoryChartStyle = {
  fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif',
  fontSize: 18,
  labelColor: '#b8c9e0',
  valueColor: '#ffd36b',
  barColors: ['rgba(0, 160, 255, 0.55)', '#38e0ff'],
  trackColor: 'rgba(90, 200, 255, 0.07)',
};

export interface CategoryChartProps {
  /** null while the followed area's first snapshot is on its way: the chart keeps its bars, dimmed. */
  byCategory: Readonly<Record<string, number>> | null;
  bars: number;
  /**
   * Device pixels per design unit. The chart sits inside the CSS-scaled canvas: its canvas must
   * have this many pixels per unit, or the transform would upscale (blur) it on a 4K wall.
   */
  pixelRatio: number;
}

/** Cases by category as bars; one echarts instance per pixel ratio, updated with setOption. */
export function CategoryChart({ byCategory, bars, pixelRatio }: CategoryChartProps) {
  const t = useStrings();
  const ref = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);

  // echarts cannot change its pixel ratio after init: a new ratio (window resized or moved to
  // another screen, which is rare on a wall) re-creates the chart; data updates never do.
  // echarts (~155 kB gz) is loaded after first paint: the map and figures do not wait for it.
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let disposed = false;
    let created: ECharts | null = null;
    const resize = new ResizeObserver(() => created?.resize());
    import('../charts/echartsCore.js').then(
      ({ init }) => {
        if (disposed) return;
        created = init(element, null, { renderer: 'canvas', devicePixelRatio: pixelRatio });
        resize.observe(element);
        setChart(created);
      },
      (error: unknown) => console.error('the category chart could not load echarts:', error),
    );
    return () => {
      disposed = true;
      resize.disconnect();
      created?.dispose();
      setChart(null);
    };
  }, [pixelRatio]);

  // A new option only when a count changed (keyed by the counts): deltas without a new case do
  // not touch the chart. byCategory is read through the key's closure on purpose.
  const key = JSON.stringify(byCategory);
  const option = useMemo(() => (byCategory ? categoryOption(byCategory, t.categoryName, bars, STYLE) : null), [key, t, bars]);
  useEffect(() => {
    if (option) chart?.setOption(option);
  }, [chart, option]);

  return <div ref={ref} className={option ? 'wall-chart' : 'wall-chart wall-chart--waiting'} data-testid="category-chart" />;
}

import { useMemo } from 'react';
import { categoryOption, type CategoryChartStyle } from '../../charts/categoryOption.js';
import { useEchart } from '../../charts/useEchart.js';
import { useStrings } from '../../i18n/useStrings.js';
import { darkTheme, TEXT } from '../../theme.js';

const STYLE: CategoryChartStyle = {
  fontFamily: darkTheme.fontFamily,
  fontSize: TEXT.min,
  labelColor: '#b8c9e0',
  valueColor: '#ffd36b',
  barColors: ['rgba(0, 160, 255, 0.55)', '#38e0ff'],
  trackColor: 'rgba(90, 200, 255, 0.07)',
};

export interface CategoryChartProps {
  /** null while the followed area's first snapshot is on its way: the chart keeps its bars, dimmed. */
  byCategory: Readonly<Record<string, number>> | null;
  bars: number;
  /** Device pixels per design unit (see useEchart). */
  pixelRatio: number;
}

/** Cases by category as bars; one echarts instance per pixel ratio, updated with setOption. */
export function CategoryChart({ byCategory, bars, pixelRatio }: CategoryChartProps) {
  const t = useStrings();
  // A new option only when a count changed (keyed by the counts): deltas without a new case do
  // not touch the chart. byCategory is read through the key's closure on purpose.
  const key = JSON.stringify(byCategory);
  const option = useMemo(() => (byCategory ? categoryOption(byCategory, t.categoryName, bars, STYLE) : null), [key, t, bars]);
  const ref = useEchart(pixelRatio, option, 'category chart');
  return <div ref={ref} className={option ? 'wall-chart' : 'wall-chart wall-chart--waiting'} data-testid="category-chart" />;
}

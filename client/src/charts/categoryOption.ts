import { CATEGORIES } from '../../../shared/src/cases/categories.js';
import type { WallChartOption } from './echartsCore.js';

export interface CategoryChartStyle {
  fontFamily: string;
  /** Design units. */
  fontSize: number;
  labelColor: string;
  valueColor: string;
  barColors: [string, string];
  trackColor: string;
}

/** How long bars take to grow and change places (ms): shorter than a delta's 250 ms would flicker. */
const UPDATE_MS = 800;

/**
 * The category chart: one horizontal bar per category, largest on top (echarts' realtimeSort
 * moves bars to their new places smoothly), at most `bars` of them. Categories come in a fixed
 * order so that setOption updates bars in place instead of re-creating them.
 */
export function categoryOption(byCategory: Readonly<Record<string, number>>, name: (code: string) => string, bars: number, style: CategoryChartStyle): WallChartOption {
  const text = { fontFamily: style.fontFamily, fontSize: style.fontSize };
  return {
    animationDuration: 0,
    animationDurationUpdate: UPDATE_MS,
    animationEasingUpdate: 'cubicOut',
    grid: { left: 8, right: 72, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', max: 'dataMax', show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      max: Math.min(bars, CATEGORIES.length) - 1,
      data: CATEGORIES.map((c) => name(c.code)),
      axisLine: { show: false },
      axisTick: { show: false },
      // Every bar named: echarts would skip labels it finds crowded.
      axisLabel: { ...text, color: style.labelColor, margin: 12, interval: 0 },
      animationDuration: UPDATE_MS,
      animationDurationUpdate: UPDATE_MS,
    },
    series: [
      {
        type: 'bar',
        realtimeSort: true,
        data: CATEGORIES.map((c) => byCategory[c.code] ?? 0),
        barWidth: '58%',
        showBackground: true,
        backgroundStyle: { color: style.trackColor },
        itemStyle: {
          borderRadius: [0, 4, 4, 0],
          color: { type: 'linear', x: 0, y: 0, x2: 1, y2: 0, colorStops: [{ offset: 0, color: style.barColors[0] }, { offset: 1, color: style.barColors[1] }] },
        },
        label: { show: true, position: 'right', ...text, color: style.valueColor, valueAnimation: true },
      },
    ],
  };
}

import { HOUR_MS, type TrendSeries } from '../../../shared/src/kpi/trend.js';
import type { WallChartOption } from './echartsCore.js';

export interface TrendChartStyle {
  fontFamily: string;
  /** Design units. */
  fontSize: number;
  labelColor: string;
  gridLineColor: string;
  receivedColor: string;
  closedColor: string;
}

/** Beijing is UTC+8 all year (no daylight saving). */
const BEIJING_OFFSET_H = 8;

/** "08" for the bucket starting at 08:00 Beijing time. */
export function hourLabel(from: number, index: number): string {
  const hour = (Math.floor(from / HOUR_MS) + index + BEIJING_OFFSET_H) % 24;
  return String(hour).padStart(2, '0');
}

/** Every how many buckets an axis label shows: the last (current) hour always does. */
export const LABEL_EVERY = 4;

/**
 * The 24-hour trend: cases received and closed per clock hour, oldest left, the current hour
 * (so far) right. Lines, not bars: two series over 24 points read as a rhythm from ten metres.
 * The series names stay out of the chart (the panel says them in HTML, with totals).
 */
export function trendOption(trend: TrendSeries, names: { received: string; closed: string }, style: TrendChartStyle): WallChartOption {
  const n = trend.received.length;
  const text = { fontFamily: style.fontFamily, fontSize: style.fontSize, color: style.labelColor };
  const line = (name: string, data: number[], color: string, area: boolean) => ({
    type: 'line' as const,
    name,
    data,
    smooth: 0.3,
    symbol: 'none',
    lineStyle: { width: 3, color },
    itemStyle: { color },
    ...(area
      ? { areaStyle: { color: { type: 'linear' as const, x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: `${color}66` }, { offset: 1, color: `${color}00` }] } } }
      : {}),
  });
  return {
    animationDuration: 0,
    animationDurationUpdate: 600,
    grid: { left: 8, right: 16, top: 12, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: Array.from({ length: n }, (_, i) => hourLabel(trend.from, i)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: style.gridLineColor } },
      axisLabel: { ...text, interval: (i: number) => (n - 1 - i) % LABEL_EVERY === 0 },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      // One line and one label, at the top: 24-unit figures have no room for more in a ~100-unit high chart.
      splitNumber: 1,
      splitLine: { lineStyle: { color: style.gridLineColor } },
      axisLabel: { ...text, showMinLabel: false },
    },
    series: [line(names.received, trend.received, style.receivedColor, true), line(names.closed, trend.closed, style.closedColor, false)],
  };
}

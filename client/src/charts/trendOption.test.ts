import { describe, expect, it } from 'vitest';
import { HOUR_MS, TREND_HOURS } from '../../../shared/src/kpi/trend.js';
import { hourLabel, LABEL_EVERY, trendOption, type TrendChartStyle } from './trendOption.js';

const style: TrendChartStyle = { fontFamily: 'sans-serif', fontSize: 16, labelColor: '#aaa', gridLineColor: '#222', receivedColor: '#38e0ff', closedColor: '#5be37d' };

describe('trendOption', () => {
  // 21:00 Sunday to 20:00 Monday, Beijing time.
  const from = Date.parse('2026-11-22T21:00:00+08:00');
  const received = Array.from({ length: TREND_HOURS }, (_, i) => i);
  const closed = Array.from({ length: TREND_HOURS }, (_, i) => 2 * i);

  it('labels the buckets with Beijing hours, the current hour last', () => {
    expect(hourLabel(from, 0)).toBe('21');
    expect(hourLabel(from, 3)).toBe('00');
    expect(hourLabel(from, TREND_HOURS - 1)).toBe('20');
    expect(hourLabel(from + HOUR_MS, TREND_HOURS - 1)).toBe('21');
  });

  it('draws received and closed as two lines over the 24 hours, labelling every fourth hour ending now', () => {
    const option = trendOption({ area: '410105', from, received, closed }, { received: '受理', closed: '结案' }, style);
    const series = option.series as { type: string; name: string; data: number[] }[];
    expect(series.map((s) => [s.type, s.name])).toEqual([
      ['line', '受理'],
      ['line', '结案'],
    ]);
    expect(series[0]!.data).toEqual(received);
    expect(series[1]!.data).toEqual(closed);
    const xAxis = option.xAxis as { data: string[]; axisLabel: { interval: (i: number) => boolean } };
    expect(xAxis.data).toHaveLength(TREND_HOURS);
    const shown = xAxis.data.filter((_, i) => xAxis.axisLabel.interval(i));
    expect(shown.at(-1)).toBe('20');
    expect(shown).toHaveLength(TREND_HOURS / LABEL_EVERY);
  });
});

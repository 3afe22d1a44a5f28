import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../shared/src/cases/categories.js';
import { categoryOption, type CategoryChartStyle } from './categoryOption.js';

const style: CategoryChartStyle = { fontFamily: 'sans-serif', fontSize: 18, labelColor: '#aaa', valueColor: '#fff', barColors: ['#000', '#fff'], trackColor: '#111' };

describe('categoryOption', () => {
  it('has one bar per category in a fixed order, zero where there are no cases', () => {
    const option = categoryOption({ SR: 12, MS: 7 }, (c) => `n${c}`, 10, style);
    const series = option.series as { data: number[]; realtimeSort: boolean }[];
    expect(series[0]!.data).toHaveLength(CATEGORIES.length);
    expect(series[0]!.data[CATEGORIES.findIndex((c) => c.code === 'SR')]).toBe(12);
    expect(series[0]!.data.filter((v) => v === 0)).toHaveLength(CATEGORIES.length - 2);
    expect(series[0]!.realtimeSort).toBe(true);
    const yAxis = option.yAxis as { data: string[]; max: number; inverse: boolean };
    expect(yAxis.data).toEqual(CATEGORIES.map((c) => `n${c.code}`));
    expect(yAxis.max).toBe(9); // the ten largest
    expect(yAxis.inverse).toBe(true); // largest on top
  });

  it('never asks for more bars than there are categories', () => {
    const yAxis = categoryOption({}, (c) => c, 99, style).yAxis as { max: number };
    expect(yAxis.max).toBe(CATEGORIES.length - 1);
  });
});

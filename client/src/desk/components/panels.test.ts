import { describe, expect, it } from 'vitest';
import { changeText } from './KpiStrip.js';
import { rankChildren } from './Ranking.js';

describe('desk panels', () => {
  it('ranks every child by the breakdown, children without cases at 0, ties by code', () => {
    const info = {
      node: { code: '410105', name: '金水区', level: 'district' as const },
      ancestors: [],
      children: [
        { code: '410105002', name: 'B', level: 'street' as const },
        { code: '410105001', name: 'A', level: 'street' as const },
        { code: '410105003', name: 'C', level: 'street' as const },
      ],
    };
    const ranked = rankChildren(info, { total: 5, buckets: [{ key: '410105003', name: 'C', count: 5 }] });
    expect(ranked.map((r) => [r.code, r.count])).toEqual([
      ['410105003', 5],
      ['410105001', 0],
      ['410105002', 0],
    ]);
    expect(rankChildren({ ...info, node: { ...info.node, level: 'grid' } }, null)).toEqual([]);
  });

  it('writes the change against the previous period: counts with their ratio, rates in points', () => {
    expect(changeText('received', { previous: 100, current: 112, delta: 12, ratio: 0.12 }, 'zh-CN')).toBe('+12 (+12.0%)');
    expect(changeText('overdueOpen', { previous: 4, current: 1, delta: -3, ratio: -0.75 }, 'zh-CN')).toBe('−3 (−75.0%)');
    expect(changeText('received', { previous: 0, current: 3, delta: 3, ratio: null }, 'zh-CN')).toBe('+3');
    expect(changeText('onTimeRate', { previous: 0.9, current: 0.9125, delta: 0.0125, ratio: 0.0139 }, 'zh-CN')).toBe('+1.25 pp');
    expect(changeText('onTimeRate', { previous: null, current: 0.9, delta: null, ratio: null }, 'zh-CN')).toBeNull();
    expect(changeText('received', undefined, 'zh-CN')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSESSMENT, assess, parseAssessmentConfig } from './assessment.js';
import { computeKpis, type KpiCounts } from './kpiFormulas.js';

const counts = (over: Partial<KpiCounts>): KpiCounts => ({
  received: 100,
  registered: 100,
  dispatched: 100,
  due: 100,
  closed: 100,
  closedOnTime: 100,
  reworked: 0,
  extended: 0,
  deferred: 0,
  overdueOpen: 0,
  handlingMsTotal: 0,
  ...over,
});

describe('assessment', () => {
  it('gives full marks at the thresholds, ranks best first, leaves units without data unranked', () => {
    const units = [
      { code: 'a', name: 'A', figures: computeKpis(counts({ closedOnTime: 50 })) }, // on time 50%: 0.5 of that part
      { code: 'b', name: 'B', figures: computeKpis(counts({ closedOnTime: 70 })) }, // 70%: full marks
      { code: 'c', name: 'C', figures: computeKpis(counts({ received: 0, registered: 0, dispatched: 0, due: 0, closed: 0, closedOnTime: 0 })) },
    ];
    const ranked = assess(units);
    expect(ranked.map((u) => [u.code, u.rank])).toEqual([['b', 1], ['a', 2], ['c', null]]);
    expect(ranked[0]!.score).toBe(100);
    expect(ranked[1]!.parts.onTimeRate).toBeCloseTo(0.5);
    // 35 of 100 weight at half marks: 100 − 17.5
    expect(ranked[1]!.score).toBe(82.5);
  });

  it('scores lower-is-better criteria the other way round', () => {
    const [u] = assess([{ code: 'r', name: 'R', figures: computeKpis(counts({ reworked: 5 })) }]);
    expect(u!.parts.reworkRate).toBe(0); // 5% rework: nothing
    expect(u!.parts.onTimeRate).toBe(1);
  });

  it('validates a configuration and names the bad field', () => {
    expect(() => parseAssessmentConfig({ ...DEFAULT_ASSESSMENT, criteria: { ...DEFAULT_ASSESSMENT.criteria, onTimeRate: { weight: -1, full: 0.7, zero: 0.3 } } })).toThrow(/criteria\.onTimeRate\.weight/);
    expect(() => parseAssessmentConfig({ ...DEFAULT_ASSESSMENT, criteria: { ...DEFAULT_ASSESSMENT.criteria, closureRate: { weight: 1, full: 0.5, zero: 0.5 } } })).toThrow(/criteria\.closureRate\.full/);
    expect(parseAssessmentConfig(DEFAULT_ASSESSMENT)).toEqual(DEFAULT_ASSESSMENT);
  });
});

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

  it('neither scores nor ranks a unit with fewer cases than minSample, listing those after the ranked by their count', () => {
    const few = (received: number) => computeKpis(counts({ received, registered: received, dispatched: received, due: received, closed: received, closedOnTime: received }));
    const units = [
      { code: 'one', name: '1', figures: few(1) }, // one case closed on time: 100 points if judged
      { code: 'two', name: '2', figures: few(2) },
      { code: 'big', name: 'B', figures: computeKpis(counts({ closedOnTime: 60 })) },
      { code: 'ten', name: '10', figures: few(10) },
      { code: 'none', name: '0', figures: few(0) },
    ];
    const ranked = assess(units);
    expect(DEFAULT_ASSESSMENT.minSample).toBe(10);
    expect(ranked.map((u) => [u.code, u.rank, u.score])).toEqual([
      ['ten', 1, 100],
      ['big', 2, ranked[1]!.score],
      ['two', null, null],
      ['one', null, null],
      ['none', null, null],
    ]);
    expect(ranked[1]!.score).toBeLessThan(100);
    // A lower minimum judges them too: the one-case unit then ties at full marks.
    expect(assess(units, { ...DEFAULT_ASSESSMENT, minSample: 1 }).filter((u) => u.score === 100).map((u) => u.code)).toEqual(['one', 'ten', 'two']);
  });

  it('reads a configuration without minSample (older files) with the default', () => {
    const { minSample: _, ...older } = DEFAULT_ASSESSMENT;
    expect(parseAssessmentConfig(older).minSample).toBe(10);
    expect(parseAssessmentConfig({ ...older, minSample: 3 }).minSample).toBe(3);
    expect(() => parseAssessmentConfig({ ...older, minSample: -1 })).toThrow(/minSample/);
  });

  it('validates a configuration and names the bad field', () => {
    expect(() => parseAssessmentConfig({ ...DEFAULT_ASSESSMENT, criteria: { ...DEFAULT_ASSESSMENT.criteria, onTimeRate: { weight: -1, full: 0.7, zero: 0.3 } } })).toThrow(/criteria\.onTimeRate\.weight/);
    expect(() => parseAssessmentConfig({ ...DEFAULT_ASSESSMENT, criteria: { ...DEFAULT_ASSESSMENT.criteria, closureRate: { weight: 1, full: 0.5, zero: 0.5 } } })).toThrow(/criteria\.closureRate\.full/);
    expect(parseAssessmentConfig(DEFAULT_ASSESSMENT)).toEqual(DEFAULT_ASSESSMENT);
  });
});

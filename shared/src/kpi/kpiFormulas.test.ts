import { describe, expect, it } from 'vitest';
import { computeKpis, percent, type KpiCounts } from './kpiFormulas.js';

const zero: KpiCounts = { received: 0, registered: 0, dispatched: 0, due: 0, closed: 0, closedOnTime: 0, reworked: 0, extended: 0, deferred: 0, overdueOpen: 0, handlingMsTotal: 0 };

describe('KPI formulas', () => {
  it('reproduces the published Zhengzhou weekly figure: 51,229 registered of 51,571 received = 99.34%', () => {
    const k = computeKpis({ ...zero, received: 51_571, registered: 51_229 });
    expect(percent(k.registrationRate)).toBe('99.34%');
  });

  it('computes closure, on-time, rework and extension rates over the cases due', () => {
    const k = computeKpis({ ...zero, received: 1000, registered: 990, dispatched: 980, due: 800, closed: 760, closedOnTime: 700, reworked: 4, extended: 2, handlingMsTotal: 760 * 5 * 3_600_000 });
    expect(k.dispatchRate).toBeCloseTo(980 / 990);
    expect(percent(k.closureRate)).toBe('95.00%');
    expect(percent(k.onTimeRate)).toBe('87.50%');
    expect(percent(k.reworkRate)).toBe('0.50%');
    expect(percent(k.extensionRate)).toBe('0.25%');
    expect(k.meanHandlingHours).toBeCloseTo(5);
  });

  it('subtracts deferred cases from the denominator where the local rule says so', () => {
    const counts = { ...zero, due: 100, closed: 90, deferred: 10 };
    expect(computeKpis(counts).closureRate).toBeCloseTo(0.9);
    expect(computeKpis(counts, { excludeDeferred: true }).closureRate).toBeCloseTo(1);
  });

  it('says "no figure" rather than 0% when nothing was due', () => {
    const k = computeKpis(zero);
    expect(k.closureRate).toBeNull();
    expect(percent(k.closureRate)).toBe('—');
    expect(k.meanHandlingHours).toBeNull();
  });
});

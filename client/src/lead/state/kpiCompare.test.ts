import { describe, expect, it } from 'vitest';
import type { KpiReport } from '../../../../shared/src/kpi/kpiReport.js';
import { compareKpis, yesterdayPeriod } from './kpiCompare.js';

const report = (figures: Partial<KpiReport['figures']>): KpiReport =>
  ({
    area: '410105',
    period: { from: '', to: '' },
    counts: {} as KpiReport['counts'],
    figures: { received: 0, registrationRate: null, dispatchRate: null, due: 0, closureRate: null, onTimeRate: null, reworkRate: null, extensionRate: null, overdueOpen: 0, meanHandlingHours: null, ...figures },
    staffing: null,
    cases: {} as KpiReport['cases'],
  }) as KpiReport;

describe('today beside yesterday', () => {
  it('gives each figure its change and whether that is good news', () => {
    const rows = compareKpis(report({ received: 120, onTimeRate: 0.9, closureRate: 0.5, overdueOpen: 4 }), report({ received: 100, onTimeRate: 0.95, closureRate: 0.5, overdueOpen: 9 }));
    expect(rows.find((r) => r.key === 'received')).toMatchObject({ today: 120, yesterday: 100, delta: 20, better: null });
    expect(rows.find((r) => r.key === 'onTimeRate')!.better).toBe(false);
    expect(rows.find((r) => r.key === 'onTimeRate')!.delta).toBeCloseTo(-0.05);
    expect(rows.find((r) => r.key === 'closureRate')).toMatchObject({ delta: 0, better: null });
    // Overdue now is an instant, not a day's count: nothing to set beside it.
    expect(rows.find((r) => r.key === 'overdueOpen')).toMatchObject({ today: 4, yesterday: null, delta: null });
  });

  it('shows dashes before the figures arrive', () => {
    expect(compareKpis(null, null).every((r) => r.today === null && r.yesterday === null && r.delta === null)).toBe(true);
  });

  it('takes yesterday as the Beijing day before now', () => {
    // 2026-12-07 01:30 Beijing = 2026-12-06 17:30 UTC
    expect(yesterdayPeriod(Date.parse('2026-12-06T17:30:00Z'))).toEqual({ from: '2026-12-06T00:00:00+08:00', to: '2026-12-07T00:00:00+08:00', day: '2026-12-06' });
    expect(yesterdayPeriod(Date.parse('2026-12-07T15:59:59Z')).day).toBe('2026-12-06');
  });
});

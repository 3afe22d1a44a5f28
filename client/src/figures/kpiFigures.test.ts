import { describe, expect, it } from 'vitest';
import type { KpiReport } from '../../../shared/src/kpi/kpiReport.js';
import { formatFigure } from './figureFormat.js';
import { liveFigures, PERCENT, todayFigures } from './kpiFigures.js';

const report = {
  area: '410105',
  period: { from: '2025-06-01T00:00:00+08:00', to: '2025-06-01T10:00:00+08:00' },
  figures: { received: 51571, registrationRate: 51229 / 51571, dispatchRate: 1, due: 10, closureRate: 0.9, onTimeRate: null, reworkRate: 0, extensionRate: 0, overdueOpen: 3, meanHandlingHours: 2 },
  staffing: { onDuty: 412 },
} as unknown as KpiReport;

describe('KPI figures', () => {
  it('takes today’s six from the report, in order, null rates kept as no value', () => {
    expect(todayFigures(report).map((f) => [f.key, f.value])).toEqual([
      ['received', 51571],
      ['registrationRate', 51229 / 51571],
      ['closureRate', 0.9],
      ['onTimeRate', null],
      ['overdueOpen', 3],
      ['onDuty', 412],
    ]);
    expect(todayFigures(null).every((f) => f.value === null)).toBe(true);
    expect(todayFigures({ ...report, staffing: null }).at(-1)?.value).toBeNull();
  });

  it('writes rates the way the weekly reports do', () => {
    expect(formatFigure(51229 / 51571, PERCENT, 'zh-CN')).toBe('99.34%');
    expect(formatFigure(null, PERCENT, 'zh-CN')).toBe('—');
  });

  it('keeps three live counters', () => {
    expect(liveFigures(null).map((f) => f.key)).toEqual(['total', 'open', 'newLastHour']);
  });
});

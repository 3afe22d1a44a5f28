import type { KpiReport } from '../../../shared/src/kpi/kpiReport.js';
import type { AreaAggregate } from '../../../shared/src/live/events.js';
import { INTEGER, type FigureFormat } from './figureFormat.js';

/** Rates as the weekly reports write them: 99.34%. */
export const PERCENT: FigureFormat = { kind: 'percent', digits: 2 };

export type TodayKey = 'received' | 'registrationRate' | 'closureRate' | 'onTimeRate' | 'overdueOpen' | 'onDuty';
export type LiveKey = 'total' | 'open' | 'newLastHour';

export interface Figure<K extends string> {
  key: K;
  value: number | null;
  format: FigureFormat;
  unit: 'case' | 'person' | 'none';
  tone: 'normal' | 'warn';
}

/**
 * Today's KPIs on the wall, in reading order, from the stream's KpiReport (null before the server
 * computed them once: shown as —). The same numbers as GET /api/kpis for the area and today.
 */
export function todayFigures(kpis: KpiReport | null): Figure<TodayKey>[] {
  const f = kpis?.figures ?? null;
  return [
    { key: 'received', value: f?.received ?? null, format: INTEGER, unit: 'case', tone: 'normal' },
    { key: 'registrationRate', value: f?.registrationRate ?? null, format: PERCENT, unit: 'none', tone: 'normal' },
    { key: 'closureRate', value: f?.closureRate ?? null, format: PERCENT, unit: 'none', tone: 'normal' },
    { key: 'onTimeRate', value: f?.onTimeRate ?? null, format: PERCENT, unit: 'none', tone: 'normal' },
    { key: 'overdueOpen', value: f?.overdueOpen ?? null, format: INTEGER, unit: 'case', tone: 'warn' },
    { key: 'onDuty', value: kpis?.staffing?.onDuty ?? null, format: INTEGER, unit: 'person', tone: 'normal' },
  ];
}

/** The live counters that change with every delta (4 a second at most). */
export function liveFigures(aggregate: AreaAggregate | null): Figure<LiveKey>[] {
  return (['total', 'open', 'newLastHour'] as const).map((key) => ({ key, value: aggregate ? aggregate[key] : null, format: INTEGER, unit: 'case', tone: 'normal' }));
}

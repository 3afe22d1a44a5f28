import type { KpiReport } from '../../../../shared/src/kpi/kpiReport.js';

export type CompareKey = 'received' | 'registrationRate' | 'closureRate' | 'onTimeRate' | 'overdueOpen';

export interface KpiComparison {
  key: CompareKey;
  kind: 'count' | 'rate';
  today: number | null;
  yesterday: number | null;
  /** today − yesterday (a rate in percentage points ×0.01), null when either is missing. */
  delta: number | null;
  /** Whether the change is good news: more closures on time is, more overdue cases is not. */
  better: boolean | null;
}

const KEYS: { key: CompareKey; kind: 'count' | 'rate'; higherIsBetter: boolean | null }[] = [
  { key: 'received', kind: 'count', higherIsBetter: null },
  { key: 'registrationRate', kind: 'rate', higherIsBetter: true },
  { key: 'closureRate', kind: 'rate', higherIsBetter: true },
  { key: 'onTimeRate', kind: 'rate', higherIsBetter: true },
  { key: 'overdueOpen', kind: 'count', higherIsBetter: false },
];

/**
 * Today's KPIs so far beside the whole of yesterday (both Beijing days, as GET /api/kpis counts
 * them). 超期未结 is "open past deadline now" in both answers, so it is compared with what
 * yesterday's answer said then: only today's is shown for it when yesterday's is the same instant.
 */
export function compareKpis(today: KpiReport | null, yesterday: KpiReport | null): KpiComparison[] {
  return KEYS.map(({ key, kind, higherIsBetter }) => {
    const t = today ? today.figures[key] : null;
    const y = yesterday && key !== 'overdueOpen' ? yesterday.figures[key] : null;
    const delta = t === null || y === null ? null : t - y;
    const better = delta === null || delta === 0 || higherIsBetter === null ? null : higherIsBetter ? delta > 0 : delta < 0;
    return { key, kind, today: t, yesterday: y, delta, better };
  });
}

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** Yesterday as a Beijing day: [00:00, 24:00) +08:00, as the from/to of GET /api/kpis. */
export function yesterdayPeriod(now: number): { from: string; to: string; day: string } {
  const todayStart = Math.floor((now + BEIJING_MS) / DAY_MS) * DAY_MS - BEIJING_MS;
  const iso = (ms: number) => new Date(ms + BEIJING_MS).toISOString().slice(0, 10);
  return { from: `${iso(todayStart - DAY_MS)}T00:00:00+08:00`, to: `${iso(todayStart)}T00:00:00+08:00`, day: iso(todayStart - DAY_MS) };
}

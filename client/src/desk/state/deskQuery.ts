import type { KpiName } from '../../../../shared/src/kpi/kpiNames.js';
import { LIST_FILTERS, type DeskState, type Period, type SortKey } from './deskUrl.js';

/**
 * The desk's filter state as the server's query string: the same parameters on the case list, the
 * KPIs, the breakdowns and the export, so the table's total, the KPI figure and a chart's sum are
 * counted over one set of cases.
 */

const BEIJING_OFFSET = '+08:00';

/** The next calendar day of a YYYY-MM-DD day. */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A range of Beijing days [from 00:00, the day after `to` 00:00) as the server's from/to. */
export function rangeBounds(period: Extract<Period, { kind: 'range' }>): { from: string; to: string } {
  return { from: `${period.from}T00:00:00${BEIJING_OFFSET}`, to: `${nextDay(period.to)}T00:00:00${BEIJING_OFFSET}` };
}

/** The server's name of a sort column. */
export const SORT_PARAM: Record<SortKey, string> = { time: 'reportedAt', urgency: 'urgency', deadline: 'deadline', area: 'area' };

export interface FilterOptions {
  /** The area asked for: the state's, else the account's own. */
  area: string;
  /** Leave the KPI set out (GET /api/kpis takes every filter but `kpi`). */
  withoutKpi?: boolean;
  /** Ask for another KPI set than the state's (a figure's own cases). */
  kpi?: KpiName;
}

/** Area, list filters, period and KPI set of a state, in a fixed order. */
export function filterParams(state: DeskState, options: FilterOptions): URLSearchParams {
  const p = new URLSearchParams();
  p.set('area', options.area);
  for (const key of LIST_FILTERS) if (state.filters[key].length > 0) p.set(key, state.filters[key].join(','));
  if (state.period.kind === 'range') {
    const { from, to } = rangeBounds(state.period);
    p.set('from', from);
    p.set('to', to);
  } else {
    p.set('period', state.period.kind);
  }
  const kpi = options.kpi ?? (options.withoutKpi ? null : state.filters.kpi);
  if (kpi) p.set('kpi', kpi);
  if (state.filters.party) p.set('party', state.filters.party);
  return p;
}

/** GET /api/cases for one page of the table: the filter state, its sort, `limit` rows from `offset`. */
export function caseListUrl(state: DeskState, area: string, offset: number, limit: number): string {
  const p = filterParams(state, { area });
  p.set('sort', SORT_PARAM[state.sort]);
  p.set('order', state.order);
  p.set('offset', String(offset));
  p.set('limit', String(limit));
  return `/api/cases?${p.toString()}`;
}

/** GET /api/kpis with the filter state (all but the KPI set): figures, counts, the previous period. */
export function kpisUrl(state: DeskState, area: string): string {
  return `/api/kpis?${filterParams(state, { area, withoutKpi: true }).toString()}`;
}

export const BREAKDOWNS = ['category', 'subcategory', 'urgency', 'channel', 'status', 'area', 'day', 'hour'] as const;
export type BreakdownBy = (typeof BREAKDOWNS)[number];

/** GET /api/kpis/breakdown: the state's cases (its KPI set, else received) counted by `by`. */
export function breakdownUrl(state: DeskState, area: string, by: BreakdownBy): string {
  const p = filterParams(state, { area });
  p.set('by', by);
  return `/api/kpis/breakdown?${p.toString()}`;
}

/** The server's export of the table's cases (its filters and sort), as CSV or XLSX. */
export function exportUrl(state: DeskState, area: string, format: 'csv' | 'xlsx'): string {
  const p = filterParams(state, { area });
  p.set('sort', SORT_PARAM[state.sort]);
  p.set('order', state.order);
  if (state.lang === 'en') p.set('lang', 'en');
  return `/api/cases/export.${format}?${p.toString()}`;
}

/** The KPI set behind each figure the desk shows: clicking the figure lists those cases. */
export const FIGURE_KPI = {
  received: 'received',
  registrationRate: 'registered',
  dispatchRate: 'dispatched',
  due: 'due',
  closureRate: 'closed',
  onTimeRate: 'closedOnTime',
  reworkRate: 'reworked',
  extensionRate: 'extended',
  overdueOpen: 'overdueOpen',
} as const satisfies Record<string, KpiName>;
export type FigureName = keyof typeof FIGURE_KPI;

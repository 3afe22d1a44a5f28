import type { Principal } from '../../../shared/src/access/principal.js';
import type { CaseNames, PartyFlag, PeriodName } from '../../../shared/src/api/cases.js';
import { CHANNEL_NAMES, STATUS_NAMES, URGENCY_NAMES, type Case, type CaseStatus, type Channel, type Urgency } from '../../../shared/src/cases/caseModel.js';
import { CATEGORY_BY_CODE, SUBCATEGORY_BY_CODE } from '../../../shared/src/cases/categories.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { scopedArea } from '../auth/scope.js';
import { kpiPeriod, startOfDay } from '../kpi/kpiService.js';
import type { KpiPeriod } from '../store/kpiSql.js';
import type { CaseQuery } from '../store/caseStore.js';

const DAY_MS = 86_400_000;

/** The filter state as a query string parses it (shared/src/api/cases.ts filterFields). */
export interface FilterState {
  area?: string | undefined;
  status?: CaseStatus[] | undefined;
  category?: string[] | undefined;
  subcategory?: string[] | undefined;
  urgency?: Urgency[] | undefined;
  channel?: Channel[] | undefined;
  party?: PartyFlag | undefined;
  from?: number | undefined;
  to?: number | undefined;
  period?: PeriodName | undefined;
}

/** The store's filters of a filter state besides area and time. */
export type CaseFilters = Pick<CaseQuery, 'status' | 'category' | 'subcategory' | 'urgency' | 'channel' | 'party'>;

/** A named period as [from, to) at `now`: Beijing days, "so far" periods end this millisecond. */
export function namedPeriod(name: PeriodName, now: number): { from: number; to: number } {
  const today = startOfDay(now);
  switch (name) {
    case 'today':
      return { from: today, to: now + 1 };
    case 'yesterday':
      return { from: today - DAY_MS, to: today };
    case '7d':
      return { from: today - 6 * DAY_MS, to: now + 1 };
    case '30d':
      return { from: today - 29 * DAY_MS, to: now + 1 };
  }
}

/** The period of a filter state (default today so far); a 400 naming `from` when it is empty or too long. */
export function periodOf(q: FilterState, now: number): KpiPeriod {
  return kpiPeriod(q.period ? namedPeriod(q.period, now) : q, now);
}

/** The list filters of a filter state, without empty lists. */
export function filtersOf(q: FilterState): CaseFilters {
  return {
    ...(q.status?.length ? { status: q.status } : {}),
    ...(q.category?.length ? { category: q.category } : {}),
    ...(q.subcategory?.length ? { subcategory: q.subcategory } : {}),
    ...(q.urgency?.length ? { urgency: q.urgency } : {}),
    ...(q.channel?.length ? { channel: q.channel } : {}),
    ...(q.party ? { party: q.party } : {}),
  };
}

export const hasFilters = (f: CaseFilters): boolean => Object.keys(f).length > 0;

/** A filter state resolved for one caller: the area cut to their own (400/403/404 naming `area`), the filters, the period. */
export function deskFilter(model: CityModel, principal: Principal, q: FilterState, now: number): { code: string; area: CaseQuery['area']; filters: CaseFilters; period: KpiPeriod } {
  const { code, area } = scopedArea(model, principal, q.area);
  return { code, area, filters: filtersOf(q), period: periodOf(q, now) };
}

/** The Chinese names of a case's codes. */
export function caseNames(model: CityModel, c: Case): CaseNames {
  const name = (code: string) => model.node(code)?.name ?? '';
  return {
    district: name(c.area.district),
    street: name(c.area.street),
    community: name(c.area.community),
    grid: name(c.area.grid),
    category: CATEGORY_BY_CODE.get(c.category)?.name ?? '',
    subcategory: SUBCATEGORY_BY_CODE.get(c.subcategory)?.name ?? '',
    status: STATUS_NAMES[c.status],
    urgency: URGENCY_NAMES[c.urgency],
    channel: CHANNEL_NAMES[c.channel],
  };
}

import type { Principal } from '../../../shared/src/access/principal.js';
import type { CaseListQuery } from '../../../shared/src/api/cases.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { scopedArea } from '../auth/scope.js';
import { kpiPeriod } from '../kpi/kpiService.js';
import type { CaseQuery } from '../store/caseStore.js';
import { filtersOf, namedPeriod } from './deskFilter.js';

/**
 * The store query of a parsed GET /api/cases query string, cut to the caller's area: without `kpi`
 * the period (from/to or a named one) filters by report time, so the total is the KPI's 受理数;
 * with `kpi` it is the KPI's own period test (default today so far).
 */
export function caseQueryOf(model: CityModel, principal: Principal, q: CaseListQuery, now: number, limit = q.limit): CaseQuery {
  const span = q.period ? namedPeriod(q.period, now) : { from: q.from, to: q.to };
  const query: CaseQuery = {
    limit,
    ...filtersOf(q),
    ...(q.kpi ? { kpi: { name: q.kpi, period: kpiPeriod(span, now) } } : {}),
    ...(span.from !== undefined && !q.kpi ? { from: span.from } : {}),
    ...(span.to !== undefined && !q.kpi ? { to: span.to } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
    ...(q.offset ? { offset: q.offset } : {}),
    ...(q.sort !== 'reportedAt' || q.order !== 'desc' ? { sort: { key: q.sort, order: q.order } } : {}),
  };
  const { area } = scopedArea(model, principal, q.area);
  if (area) query.area = area;
  return query;
}

import type { Principal } from '../../../shared/src/access/principal.js';
import type { CaseListQuery } from '../../../shared/src/api/cases.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { scopedArea } from '../auth/scope.js';
import { HttpError } from '../http/errors.js';
import { kpiPeriod } from '../kpi/kpiService.js';
import type { CaseQuery } from '../store/caseStore.js';
import { filtersOf, namedPeriod } from './deskFilter.js';

/**
 * The store query of a parsed GET /api/cases query string, cut to the caller's area: without `kpi`
 * the period (from/to or a named one) filters by report time, so the total is the KPI's 受理数;
 * with `kpi` it is the KPI's own period test (default today so far). `assignee=me` keeps the cases
 * of the caller's roster worker (Principal.workerId), `mine=first` lists them before the others.
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
  // "Mine": the roster worker the account stands for; still within the area above like every list.
  if (q.assignee === 'me') {
    if (!principal.workerId) throw new HttpError(400, `assignee: no roster worker is linked to the account ${principal.username} (an administrator sets its workerId)`, 'assignee');
    query.assignee = principal.workerId;
  }
  if (q.mine === 'first' && principal.workerId) query.first = { assignee: principal.workerId };
  return query;
}

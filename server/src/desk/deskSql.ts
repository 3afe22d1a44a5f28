import type { BreakdownKey } from '../../../shared/src/api/desk.js';
import { CHANNELS, STATUSES, URGENCIES } from '../../../shared/src/cases/caseModel.js';
import { CATEGORIES } from '../../../shared/src/cases/categories.js';
import type { KpiName } from '../../../shared/src/kpi/kpiNames.js';
import { filterSql, type SqlParams } from '../store/caseQuerySql.js';
import type { CaseQuery, CaseStore } from '../store/caseStore.js';
import type { Columns } from '../store/columns.js';
import { kpiCountSql, type KpiPeriod } from '../store/kpiSql.js';
import type { CaseFilters } from './deskFilter.js';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Counting statements answered as columns of numbers, from one snapshot, off the event loop (CaseStore.readSnapshot). */
export async function numbers(store: CaseStore, statements: ((p: SqlParams) => string)[]): Promise<Columns[]> {
  return (await store.readSnapshot(statements.map((sql) => ({ sql, columns: true })))) as Columns[];
}

/** The WHERE clause of an area and filters (and optionally a KPI's cases). */
const whereOf = (area: CaseQuery['area'], filters: CaseFilters, p: SqlParams, kpi?: CaseQuery['kpi']): string =>
  filterSql({ limit: 1, ...(area ? { area } : {}), ...filters, ...(kpi ? { kpi } : {}) }, p);

/**
 * The KPI counts of an area under the desk's filters for one period, as three statements for
 * CaseStore.aggregate: the received-time and due-time aggregates of kpiSql.ts (the filters joining
 * the area restriction) and 超期未结 at an instant. `overdueAt` null: open past deadline now (the
 * live definition); an instant: past deadline then and not closed by then (the previous period's end).
 */
export function filteredKpiStatements(area: CaseQuery['area'], code: string, filters: CaseFilters, period: KpiPeriod, overdueAt: number | null): ((p: SqlParams) => string)[] {
  return [
    (p) => kpiCountSql('received', whereOf(area, filters, p), code, undefined, period, p),
    (p) => kpiCountSql('due', whereOf(area, filters, p), code, undefined, period, p),
    (p) => {
      if (overdueAt === null) return `SELECT count(*) AS n FROM cases WHERE ${whereOf(area, filters, p, { name: 'overdueOpen', period })}`;
      const where = whereOf(area, filters, p);
      const at = () => p.value(overdueAt);
      return `SELECT count(*) AS n FROM cases WHERE ${where} AND deadline IS NOT NULL AND deadline <= ${at()} AND registered_at <= ${at()}
        AND status <> 'rejected' AND (closed_at IS NULL OR closed_at > ${at()})`;
    },
  ];
}

/** The time a KPI's cases are placed in days and hours by: report time for received sets, deadline otherwise. */
export function kpiTimeColumn(kpi: KpiName): 'reported_at' | 'deadline' {
  switch (kpi) {
    case 'received':
    case 'registered':
    case 'notRegistered':
    case 'dispatched':
      return 'reported_at';
    default:
      return 'deadline';
  }
}

/** Codes of an enumerated column, in the order their keys (0, 1, ...) stand for. */
export const ENUM_CODES = {
  category: CATEGORIES.map((c) => c.code),
  subcategory: CATEGORIES.flatMap((c) => c.subcategories.map((s) => s.code)),
  urgency: [...URGENCIES],
  channel: [...CHANNELS],
  status: [...STATUSES],
} as const;

/** Codes are our own constants (letters, digits, underscores), never request text: safe inline. */
function enumKey(column: keyof typeof ENUM_CODES): string {
  const codes = ENUM_CODES[column];
  for (const code of codes) if (!/^[A-Za-z0-9_]+$/.test(code)) throw new Error(`code ${code} of ${column} cannot be inlined`);
  return `CASE ${column} ${codes.map((code, i) => `WHEN '${code}' THEN ${i}`).join(' ')} ELSE -1 END`;
}

/** A child area's code as a number: district, street and community codes are prefixes of the grid code. */
function areaKey(childLevel: 'district' | 'street' | 'community' | 'grid'): string {
  switch (childLevel) {
    case 'district':
      return 'CAST(district AS BIGINT)';
    case 'street':
      return 'CAST(substr(grid, 1, 9) AS BIGINT)';
    case 'community':
      return 'CAST(substr(grid, 1, 12) AS BIGINT)';
    case 'grid':
      return 'CAST(grid AS BIGINT)';
  }
}

/** The key expression of a breakdown: a number per bucket (columns carry numbers only). */
export function breakdownKeySql(by: BreakdownKey, kpi: KpiName, childLevel: 'district' | 'street' | 'community' | 'grid'): string {
  switch (by) {
    case 'category':
    case 'subcategory':
    case 'urgency':
    case 'channel':
    case 'status':
      return enumKey(by);
    case 'area':
      return areaKey(childLevel);
    case 'day':
      // Integer division on both drivers: the Beijing day number since the epoch.
      return `(${kpiTimeColumn(kpi)} + ${SHANGHAI_OFFSET_MS}) / 86400000`;
    case 'hour':
      return `${kpiTimeColumn(kpi)} / 3600000`;
  }
}

/** Counts of a KPI's cases under the filters, grouped by `by`: columns `k` and `n`. */
export function breakdownStatement(
  area: CaseQuery['area'],
  filters: CaseFilters,
  kpi: KpiName,
  period: KpiPeriod,
  by: BreakdownKey,
  childLevel: 'district' | 'street' | 'community' | 'grid',
): (p: SqlParams) => string {
  return (p) => `SELECT ${breakdownKeySql(by, kpi, childLevel)} AS k, count(*) AS n FROM cases WHERE ${whereOf(area, filters, p, { name: kpi, period })} GROUP BY 1`;
}

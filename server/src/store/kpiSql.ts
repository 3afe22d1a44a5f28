import { OPEN_STATUSES } from '../../../shared/src/cases/caseModel.js';
import type { KpiCounts } from '../../../shared/src/kpi/kpiFormulas.js';
import type { KpiName } from '../../../shared/src/kpi/kpiNames.js';
import type { CaseQuery } from './caseStore.js';
import type { SqlParams } from './caseQuerySql.js';
import { columns, type Columns } from './columns.js';

/** A KPI period: [from, to) in epoch ms, and the instant "now" for the KPIs measured at present. */
export interface KpiPeriod {
  from: number;
  to: number;
  now: number;
}

/** Per area code: the counts the store can give for a period (overdueOpen is live state's). */
export type StoredKpiCounts = Omit<KpiCounts, 'overdueOpen' | 'handlingCount'> & {
  /** received through grid-worker patrols (巡查上报) */
  patrolReports: number;
  /** verified (pass or fail) among the received, and of those within the verify deadline */
  verifications: number;
  verificationsOnTime: number;
  /** Σ (handled − dispatched) is over this many closed-among-due cases (the mean's divisor) */
  handlingCount: number;
};

const OPEN_LIST = [...OPEN_STATUSES].map((s) => `'${s}'`).join(', ');

/**
 * The cases behind one KPI, as a WHERE fragment: what GET /api/cases?kpi= lists. "Received" KPIs
 * count by report time in the period, "due" KPIs by deadline in the period (应结案数), overdue open
 * by the deadline before now.
 */
export function kpiFilterSql(kpi: KpiName, period: KpiPeriod, p: SqlParams): string {
  // Functions, not strings: each placeholder is added only when its condition is used.
  const received = () => `reported_at >= ${p.value(period.from)} AND reported_at < ${p.value(period.to)}`;
  const due = () => `deadline >= ${p.value(period.from)} AND deadline < ${p.value(period.to)}`;
  switch (kpi) {
    case 'received':
      return received();
    case 'registered':
      return `${received()} AND registered_at IS NOT NULL`;
    case 'notRegistered':
      return `${received()} AND registered_at IS NULL`;
    case 'dispatched':
      return `${received()} AND dispatched_at IS NOT NULL`;
    case 'due':
      return due();
    case 'closed':
      return `${due()} AND closed_at IS NOT NULL`;
    case 'closedOnTime':
      return `${due()} AND closed_at IS NOT NULL AND closed_at <= deadline`;
    case 'notClosedOnTime':
      return `${due()} AND (closed_at IS NULL OR closed_at > deadline)`;
    case 'reworked':
      return `${due()} AND reworks > 0`;
    case 'extended':
      return `${due()} AND extensions > 0`;
    case 'overdueOpen':
      return `status IN (${OPEN_LIST}) AND deadline IS NOT NULL AND deadline <= ${p.value(period.now)}`;
  }
}

export type KpiGroup = 'district' | 'street' | 'community' | 'grid';

/** `street` and `community` are prefixes of the grid code: grouped by substr, served by the grid index. */
function groupExpr(group: KpiGroup | undefined, areaCode: string): string {
  switch (group) {
    case undefined:
      if (!/^\d{6,15}$/.test(areaCode)) throw new Error(`area code ${areaCode} is malformed`);
      return `'${areaCode}'`;
    case 'district':
      return 'district';
    case 'grid':
      return 'grid';
    case 'street':
      return 'substr(grid, 1, 9)';
    case 'community':
      return 'substr(grid, 1, 12)';
  }
}

const n = (expr: string): string => `coalesce(sum(CASE WHEN ${expr} THEN 1 ELSE 0 END), 0)`;

/**
 * One of two grouped aggregates (one over the report-time index, one over the deadline index)
 * that together give StoredKpiCounts per group. `areaWhere` restricts to the area ('TRUE' for the city).
 */
export function kpiCountSql(kind: 'received' | 'due', areaWhere: string, areaCode: string, group: KpiGroup | undefined, period: KpiPeriod, p: SqlParams): string {
  const key = groupExpr(group, areaCode);
  // Without a group: one row (zeros when nothing matches); PostgreSQL refuses GROUP BY a literal.
  const groupBy = group ? `GROUP BY ${key}` : '';
  // Codes are digits (15 at most, < 2^53): as numbers, every column of the answer is a number (columns.ts).
  const code = `CAST(${key} AS BIGINT)`;
  if (kind === 'received') {
    return `
    SELECT ${code} AS code, count(*) AS received, ${n('registered_at IS NOT NULL')} AS registered, ${n('dispatched_at IS NOT NULL')} AS dispatched,
      ${n("status = 'parked'")} AS deferred, ${n("channel = 'grid_patrol'")} AS patrol_reports,
      ${n('verified_on_time IS NOT NULL')} AS verifications, ${n('verified_on_time = 1')} AS verifications_on_time
    FROM cases WHERE ${areaWhere} AND reported_at >= ${p.value(period.from)} AND reported_at < ${p.value(period.to)}
    ${groupBy}`;
  }
  return `
    SELECT ${code} AS code, count(*) AS due, ${n('closed_at IS NOT NULL')} AS closed, ${n('closed_at IS NOT NULL AND closed_at <= deadline')} AS closed_on_time,
      ${n('reworks > 0')} AS reworked, ${n('extensions > 0')} AS extended,
      coalesce(sum(CASE WHEN closed_at IS NOT NULL AND handled_at IS NOT NULL AND dispatched_at IS NOT NULL THEN handled_at - dispatched_at ELSE 0 END), 0) AS handling_ms,
      ${n('closed_at IS NOT NULL AND handled_at IS NOT NULL AND dispatched_at IS NOT NULL')} AS handling_count
    FROM cases WHERE ${areaWhere} AND deadline >= ${p.value(period.from)} AND deadline < ${p.value(period.to)}
    ${groupBy}`;
}

export const emptyStoredCounts = (): StoredKpiCounts => ({
  received: 0,
  registered: 0,
  dispatched: 0,
  due: 0,
  closed: 0,
  closedOnTime: 0,
  reworked: 0,
  extended: 0,
  deferred: 0,
  patrolReports: 0,
  verifications: 0,
  verificationsOnTime: 0,
  handlingMsTotal: 0,
  handlingCount: 0,
});

/**
 * The two grouped answers behind StoredKpiCounts as they come from the store (columns.ts): `code`
 * and the received-set fields (`received`, `registered`, `dispatched`, `deferred`,
 * `patrol_reports`, `verifications`, `verifications_on_time`) in `received`; `code` and the
 * due-set fields (`due`, `closed`, `closed_on_time`, `reworked`, `extended`, `handling_ms`,
 * `handling_count`) in `due`. A group missing from one answer has zeros there.
 */
export interface KpiColumns {
  received: Columns;
  due: Columns;
}

/** Merges the two answers above (as columns) into counts per code; a code may be in either or both. */
export function mergeKpiColumns(receivedAnswer: Columns, dueAnswer: Columns): Map<string, StoredKpiCounts> {
  const out = new Map<string, StoredKpiCounts>();
  const at = (code: number) => {
    const key = String(code);
    let c = out.get(key);
    if (!c) out.set(key, (c = emptyStoredCounts()));
    return c;
  };
  // Row by row with each field named: a few ms for a city's 16,600 cells on the event loop.
  const [codes, received, registered, dispatched, deferred, patrolReports, verifications, verificationsOnTime] = columns(
    receivedAnswer,
    'code',
    'received',
    'registered',
    'dispatched',
    'deferred',
    'patrol_reports',
    'verifications',
    'verifications_on_time',
  );
  for (let i = 0; i < codes.length; i++) {
    const c = at(codes[i]!);
    c.received = received[i]!;
    c.registered = registered[i]!;
    c.dispatched = dispatched[i]!;
    c.deferred = deferred[i]!;
    c.patrolReports = patrolReports[i]!;
    c.verifications = verifications[i]!;
    c.verificationsOnTime = verificationsOnTime[i]!;
  }
  const [dueCodes, due, closed, closedOnTime, reworked, extended, handlingMs, handlingCount] = columns(
    dueAnswer,
    'code',
    'due',
    'closed',
    'closed_on_time',
    'reworked',
    'extended',
    'handling_ms',
    'handling_count',
  );
  for (let i = 0; i < dueCodes.length; i++) {
    const c = at(dueCodes[i]!);
    c.due = due[i]!;
    c.closed = closed[i]!;
    c.closedOnTime = closedOnTime[i]!;
    c.reworked = reworked[i]!;
    c.extended = extended[i]!;
    c.handlingMsTotal = handlingMs[i]!;
    c.handlingCount = handlingCount[i]!;
  }
  return out;
}

/** The area restriction of a KPI query, as the case list spells it. */
export type KpiArea = NonNullable<CaseQuery['area']>;

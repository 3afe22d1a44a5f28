import { z } from 'zod';
import type { KpiCounts, KpiFigures } from '../kpi/kpiFormulas.js';
import { KPI_NAMES, type KpiName } from '../kpi/kpiNames.js';
import type { KpiReport } from '../kpi/kpiReport.js';
import type { Level } from '../city/levels.js';
import type { CaseStatus } from '../cases/caseModel.js';
import { filterFields, periodChecks, type CaseNames } from './cases.js';

/** What GET /api/kpis/breakdown counts by. */
export const BREAKDOWN_KEYS = ['category', 'subcategory', 'urgency', 'channel', 'status', 'area', 'day', 'hour'] as const;
export type BreakdownKey = (typeof BREAKDOWN_KEYS)[number];
/** Periods `by=hour` answers (one bucket per clock hour): 7 days. */
export const MAX_HOUR_BUCKETS = 7 * 24;

/** GET /api/kpis/breakdown: the filter state, the KPI whose cases are counted, and what by. */
export const BreakdownQuery = periodChecks(
  z.strictObject({
    ...filterFields,
    by: z.enum(BREAKDOWN_KEYS, { error: `by must be one of ${BREAKDOWN_KEYS.join(', ')}` }),
    kpi: z.enum(KPI_NAMES, { error: `kpi must be one of ${KPI_NAMES.join(', ')}` }).default('received'),
  }),
);

export interface BreakdownBucket {
  /** A code (category, area ...), or the bucket's start for days and hours (ISO 8601, +08:00). */
  key: string;
  name: string;
  count: number;
}

export interface BreakdownResponse {
  area: string;
  by: BreakdownKey;
  kpi: KpiName;
  /** ISO 8601, +08:00; [from, to) */
  period: { from: string; to: string };
  /** Sum of the buckets: the KPI's count for the same filter state. */
  total: number;
  buckets: BreakdownBucket[];
}

/** One figure now and in the previous period of equal length (环比). */
export interface FigureChange {
  current: number | null;
  previous: number | null;
  /** current − previous; null when either is null */
  delta: number | null;
  /** delta / previous; null when previous is 0 or null */
  ratio: number | null;
}

/** GET /api/kpis: the report, the previous period's counts and figures, and the change of each figure. */
export interface KpiComparisonReport extends KpiReport {
  previous: { period: { from: string; to: string }; counts: KpiCounts; figures: KpiFigures };
  change: Record<keyof KpiFigures, FigureChange>;
}

/** GET /api/search */
export const SearchQuery = z.strictObject({
  q: z
    .string({ error: 'q is required: an area name or code, a case id, or address text' })
    .trim()
    .min(1, 'q must not be empty')
    .max(50, 'q must be at most 50 characters'),
  area: z.string().optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be an integer').min(1, 'limit must be at least 1').max(20, 'limit must be at most 20').default(8),
});

export interface SearchArea {
  code: string;
  name: string;
  level: Level;
  /** Names from the district down to the area's parent. */
  path: string[];
}

export interface SearchCase {
  id: string;
  reportedAt: string;
  status: CaseStatus;
  category: string;
  address: string | null;
  description: string;
  names: CaseNames;
  /** How it was found: its id, or its address or description text. */
  match: 'id' | 'text';
}

export interface SearchResponse {
  q: string;
  areas: SearchArea[];
  cases: SearchCase[];
}

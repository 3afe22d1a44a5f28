import { z } from 'zod';
import type { CaseEvent } from '../cases/caseEvent.js';
import { CHANNELS, STATUSES, URGENCIES, type Case, type Channel } from '../cases/caseModel.js';
import type { Action } from '../cases/lifecycle.js';
import { KPI_NAMES } from '../kpi/kpiNames.js';
import { CATEGORY_BY_CODE, SUBCATEGORY_BY_CODE } from '../cases/categories.js';

/** A comma-separated list of allowed values in a query string. */
const listOf = <T extends string>(name: string, allowed: readonly T[] | ((v: string) => boolean)) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .refine((vs) => vs.every((v) => (typeof allowed === 'function' ? allowed(v) : (allowed as readonly string[]).includes(v))), {
      error: typeof allowed === 'function' ? `unknown ${name}` : `each ${name} must be one of ${(allowed as readonly string[]).join(', ')}`,
    })
    .transform((vs) => vs as T[]);

/** A query-string time: an ISO 8601 date or time, to epoch ms; the error names the parameter. */
export const queryTime = (name: string) =>
  z.string().refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}/.test(v), { error: `${name} must be an ISO 8601 date or time` }).transform((v) => Date.parse(v));

/** The desk's sort keys of GET /api/cases (and its exports). */
export const CASE_SORTS = ['reportedAt', 'urgency', 'deadline', 'area'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
/** Named periods (Beijing days): today so far, yesterday, the last 7 or 30 days including today so far. */
export const PERIODS = ['today', 'yesterday', '7d', '30d'] as const;
export type PeriodName = (typeof PERIODS)[number];
/** The case list's 党建引领 filter: reported by a party member (`reporterIsPartyMember`), or handled by one (`handlerIsPartyMember`). */
export const PARTY_FLAGS = ['reported', 'handled'] as const;
export type PartyFlag = (typeof PARTY_FLAGS)[number];
/** GET /api/cases?assignee=: `me`, the roster worker the caller's account stands for (Principal.workerId). */
export const ASSIGNEE_FILTERS = ['me'] as const;
/** GET /api/cases?mine=: `first`, the caller's roster worker's cases before the rest. */
export const MINE_ORDERS = ['first'] as const;
/** Deepest page GET /api/cases reaches with `offset`. */
export const MAX_OFFSET = 100_000;

/**
 * The desk's filter state: the same query fields on the case list, the KPIs, the breakdown and the
 * exports, so that the table's total, the KPI figure and the chart's sum agree.
 */
export const filterFields = {
  area: z.string().optional(),
  status: listOf('status', STATUSES).optional(),
  category: listOf('category', (c) => CATEGORY_BY_CODE.has(c)).optional(),
  subcategory: listOf('subcategory', (c) => SUBCATEGORY_BY_CODE.has(c)).optional(),
  urgency: listOf('urgency', URGENCIES).optional(),
  channel: listOf('channel', CHANNELS).optional(),
  /** 党建引领: only the cases reported (or handled) by a party member. */
  party: z.enum(PARTY_FLAGS, { error: `party must be one of ${PARTY_FLAGS.join(', ')}` }).optional(),
  from: queryTime('from').optional(),
  to: queryTime('to').optional(),
  period: z.enum(PERIODS, { error: `period must be one of ${PERIODS.join(', ')}` }).optional(),
};

/** The checks every query with the filter state makes: a period is from/to or a name, and from comes before to. */
export function periodChecks<T extends { from?: number | undefined; to?: number | undefined; period?: PeriodName | undefined }>(schema: z.ZodType<T>) {
  return schema
    .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { error: 'from must be before to', path: ['from'] })
    .refine((q) => q.period === undefined || (q.from === undefined && q.to === undefined), { error: 'give either period or from/to, not both', path: ['period'] });
}

/** GET /api/kpis (and the stream's figures asked for one period): the filter state without kpi. */
export const KpiQuery = periodChecks(z.strictObject(filterFields));

/** GET /api/cases query string. */
export const CaseListQuery = periodChecks(
  z.strictObject({
    ...filterFields,
    limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be an integer').min(1, 'limit must be at least 1').max(500, 'limit must be at most 500').default(50),
    cursor: z.string().max(200).optional(),
    offset: z.coerce
      .number({ error: 'offset must be a number' })
      .int('offset must be an integer')
      .min(0, 'offset must be at least 0')
      .max(MAX_OFFSET, `offset must be at most ${MAX_OFFSET.toLocaleString('en-US')}: narrow the filters instead`)
      .optional(),
    sort: z.enum(CASE_SORTS, { error: `sort must be one of ${CASE_SORTS.join(', ')}` }).default('reportedAt'),
    order: z.enum(SORT_ORDERS, { error: 'order must be asc or desc' }).default('desc'),
    /** The cases behind a KPI figure; from/to are then the KPI's period (default: today so far). */
    kpi: z.enum(KPI_NAMES, { error: `kpi must be one of ${KPI_NAMES.join(', ')}` }).optional(),
    /** `me`: only the cases assigned to the caller's roster worker (a 400 for an account linked to none). */
    assignee: z.enum(ASSIGNEE_FILTERS, { error: 'assignee must be me (the roster worker your account stands for)' }).optional(),
    /** `first`: the cases assigned to the caller's roster worker come first, then the rest in `sort` order (nothing moves for an account linked to none). */
    mine: z.enum(MINE_ORDERS, { error: 'mine must be first' }).optional(),
  }),
)
  .refine((q) => q.cursor === undefined || (q.sort === 'reportedAt' && q.order === 'desc' && q.mine === undefined), { error: 'cursor pages the default order (newest first) only: use offset with sort, order and mine', path: ['cursor'] })
  .refine((q) => q.cursor === undefined || q.offset === undefined, { error: 'give either cursor or offset, not both', path: ['offset'] });
export type CaseListQuery = z.output<typeof CaseListQuery>;

/** Chinese names of a case's codes, as the desk's table shows them. */
export interface CaseNames {
  district: string;
  street: string;
  community: string;
  grid: string;
  category: string;
  subcategory: string;
  status: string;
  urgency: string;
  channel: string;
}

/** A case in a list: the case and the names of its codes. */
export type CaseListItem = Case & { names: CaseNames };

export interface CaseListResponse {
  items: CaseListItem[];
  total: number;
  /** The default order (newest first) only; other sorts page with offset. */
  nextCursor: string | null;
  offset: number;
  limit: number;
}

/** POST /api/cases answer for a batch; a single case gets { id, case } or an error. */
export interface BatchResponse {
  /** Valid items are stored even when others are refused. */
  policy: 'valid items are kept';
  accepted: number;
  duplicates: number;
  rejected: number;
  results: ({ index: number; id: string; duplicate?: true } | { index: number; errors: { field: string; message: string }[] })[];
}

/** The first entry of every timeline: the report itself (its events follow). */
export interface ReportEntry {
  action: 'report';
  at: string;
  to: 'reported';
  channel: Channel;
}

/** GET /api/cases/:id: the case, its SLA clock now, the actions its state allows, its timeline. */
export interface CaseDetail extends Case {
  clock: {
    /** ms to the closure deadline (negative: overdue); null when closed or no deadline yet */
    msLeft: number | null;
    overdue: boolean;
    /** ms to the current stage's deadline */
    stageMsLeft: number | null;
    stageOverdue: boolean;
  };
  allowed: Action[];
  timeline: Array<ReportEntry | CaseEvent>;
}

/** POST /api/cases/:id/actions answer (201). */
export interface ActionResponse {
  event: CaseEvent;
  case: CaseDetail;
}

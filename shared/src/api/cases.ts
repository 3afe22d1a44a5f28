import { z } from 'zod';
import type { CaseEvent } from '../cases/caseEvent.js';
import { CHANNELS, STATUSES, URGENCIES, type Case, type Channel } from '../cases/caseModel.js';
import type { Action } from '../cases/lifecycle.js';
import { KPI_NAMES } from '../kpi/kpiNames.js';
import { CATEGORY_BY_CODE } from '../cases/categories.js';

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

/** GET /api/cases query string. */
export const CaseListQuery = z
  .object({
    area: z.string().optional(),
    status: listOf('status', STATUSES).optional(),
    category: listOf('category', (c) => CATEGORY_BY_CODE.has(c)).optional(),
    urgency: listOf('urgency', URGENCIES).optional(),
    channel: listOf('channel', CHANNELS).optional(),
    from: queryTime('from').optional(),
    to: queryTime('to').optional(),
    limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be an integer').min(1, 'limit must be at least 1').max(500, 'limit must be at most 500').default(50),
    cursor: z.string().max(200).optional(),
    /** The cases behind a KPI figure; from/to are then the KPI's period (default: today so far). */
    kpi: z.enum(KPI_NAMES, { error: `kpi must be one of ${KPI_NAMES.join(', ')}` }).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { error: 'from must be before to', path: ['from'] });

export interface CaseListResponse {
  items: Case[];
  total: number;
  nextCursor: string | null;
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

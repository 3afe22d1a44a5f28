import { z } from 'zod';
import { OPEN_STATUSES, STATUSES, type CaseStatus } from '../cases/caseModel.js';
import { filterFields, periodChecks, queryTime } from '../api/cases.js';
import { KPI_NAMES } from '../kpi/kpiNames.js';

/** The media type of both endpoints' answers (a case-columns buffer, caseColumns.ts). */
export const CASE_COLUMNS_TYPE = 'application/octet-stream';
/** Points one answer holds at most unless the server is set otherwise (MAP_MAX_POINTS); the rest are counted in the header. */
export const DEFAULT_MAP_MAX_POINTS = 200_000;
/** Events one replay holds at most; the rest are counted in the header. */
export const MAX_REPLAY_EVENTS = 2_000_000;
/** The longest replay period, days. */
export const MAX_REPLAY_DAYS = 31;
const DAY_MS = 86_400_000;

/** `open` (every state but 结案 and 不予立案), or a comma list of states. */
const stateList = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
  .refine((vs) => vs.length > 0 && vs.every((v) => v === 'open' || (STATUSES as readonly string[]).includes(v)), { error: `state must be open or a comma list of ${STATUSES.join(', ')}` })
  .transform((vs): CaseStatus[] => [...new Set(vs.flatMap((v) => (v === 'open' ? [...OPEN_STATUSES] : [v as CaseStatus])))]);

const limit = z.coerce.number({ error: 'limit must be a number' }).int('limit must be an integer').min(1, 'limit must be at least 1');

/** The desk list's filters besides area (GET /api/cases): any of them asks for the list's set instead of the wall's open cases. */
export const MAP_LIST_FIELDS = ['status', 'category', 'subcategory', 'urgency', 'channel', 'party', 'from', 'to', 'period', 'kpi'] as const;

/**
 * GET /api/map/cases, newest first, at most `limit` (≤ the server's cap). Two sets: the wall's, the
 * area's cases in `state` (default: open); or, when any of the desk list's filters is given
 * (MAP_LIST_FIELDS, the same fields and meaning as GET /api/cases), exactly the cases that list
 * holds over all its pages. `state` with the list's filters is a 400 naming `state`.
 */
export const MapCasesQuery = periodChecks(
  z.strictObject({
    ...filterFields,
    kpi: z.enum(KPI_NAMES, { error: `kpi must be one of ${KPI_NAMES.join(', ')}` }).optional(),
    state: stateList.optional(),
    limit: limit.optional(),
  }),
).refine((q) => q.state === undefined || !MAP_LIST_FIELDS.some((f) => q[f] !== undefined), {
  error: `give either state (the wall's cases) or the list's filters (${MAP_LIST_FIELDS.join(', ')}), not both`,
  path: ['state'],
});
export type MapCasesQuery = z.output<typeof MapCasesQuery>;

/** GET /api/replay: the cases open at some moment of [from, to) and their state changes then; at most MAX_REPLAY_DAYS. */
export const ReplayQuery = z
  .object({
    area: z.string().optional(),
    from: z.string({ error: 'from is required: an ISO 8601 time' }).pipe(queryTime('from')),
    to: z.string({ error: 'to is required: an ISO 8601 time' }).pipe(queryTime('to')),
    limit: limit.optional(),
  })
  .strict()
  .refine((q) => q.from < q.to, { error: 'from must be before to', path: ['from'] })
  .refine((q) => q.to - q.from <= MAX_REPLAY_DAYS * DAY_MS, { error: `to must be at most ${MAX_REPLAY_DAYS} days after from`, path: ['to'] });
export type ReplayQuery = z.output<typeof ReplayQuery>;

export function mapCasesUrl(area: string, state = 'open'): string {
  return `/api/map/cases?${new URLSearchParams({ area, state }).toString()}`;
}

/** GET /api/map/cases with the desk list's filters (its query string without sort and paging): the list's cases, at most `limit`. */
export function mapListCasesUrl(filters: URLSearchParams, limit: number): string {
  const p = new URLSearchParams(filters);
  for (const key of ['sort', 'order', 'offset', 'cursor']) p.delete(key);
  p.set('limit', String(limit));
  return `/api/map/cases?${p.toString()}`;
}

export function replayUrl(area: string, from: number, to: number): string {
  return `/api/replay?${new URLSearchParams({ area, from: new Date(from).toISOString(), to: new Date(to).toISOString() }).toString()}`;
}

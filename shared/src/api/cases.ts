import { z } from 'zod';
import { CHANNELS, STATUSES, URGENCIES, type Case } from '../cases/caseModel.js';
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

const time = (name: string) =>
  z.string().refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}/.test(v), { error: `${name} must be an ISO 8601 date or time` }).transform((v) => Date.parse(v));

/** GET /api/cases query string. */
export const CaseListQuery = z
  .object({
    area: z.string().optional(),
    status: listOf('status', STATUSES).optional(),
    category: listOf('category', (c) => CATEGORY_BY_CODE.has(c)).optional(),
    urgency: listOf('urgency', URGENCIES).optional(),
    channel: listOf('channel', CHANNELS).optional(),
    from: time('from').optional(),
    to: time('to').optional(),
    limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be an integer').min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
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

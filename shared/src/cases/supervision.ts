import { z } from 'zod';
import type { Actor, CaseEvent } from './caseEvent.js';
import { OPEN_STATUSES, type Case } from './caseModel.js';

/** The default note of a one-tap 督办 (the tablet offers it; the API takes any note or none). */
export const DEFAULT_SUPERVISE_NOTE = '请加快办理，按期办结';

/** The body of POST /api/cases/:id/supervise. */
export const SuperviseRequest = z.strictObject({
  note: z.string({ error: 'must be text' }).trim().max(500, 'at most 500 characters').optional(),
  expectedVersion: z.number({ error: 'must be a number' }).int().min(0).optional(),
});
export type SuperviseRequest = z.infer<typeof SuperviseRequest>;

export type SuperviseOutcome =
  | { ok: true; case: Case; event: CaseEvent }
  | { ok: false; status: 409; field: 'expectedVersion' | 'status'; message: string };

/**
 * 督办, pure: a commander urges an open case. Its status, holder and deadlines stay; the case
 * counts the urging (version + 1, so an action on what was seen before it is told to reload) and
 * an event of its own records who, when and the note. A closed or rejected case has nothing to urge.
 */
export function superviseCase(c: Case, request: SuperviseRequest, ctx: { now: number; actor: Actor; format: (ms: number) => string }): SuperviseOutcome {
  if (request.expectedVersion !== undefined && request.expectedVersion !== c.version) {
    return { ok: false, status: 409, field: 'expectedVersion', message: `case ${c.id} is at version ${c.version}, not ${request.expectedVersion}: it changed meanwhile, reload it` };
  }
  if (!OPEN_STATUSES.has(c.status)) return { ok: false, status: 409, field: 'status', message: `case ${c.id} is ${c.status}: only an open case can be urged (督办)` };
  const at = ctx.format(ctx.now);
  const next: Case = { ...c, version: c.version + 1, supervised: { count: (c.supervised?.count ?? 0) + 1, lastAt: at, by: ctx.actor.id } };
  const event: CaseEvent = {
    caseId: c.id,
    at,
    action: 'supervise',
    from: c.status,
    to: c.status,
    actor: ctx.actor,
    level: c.level,
    assignee: c.assignee,
    note: request.note ? request.note : null,
  };
  return { ok: true, case: next, event };
}

import { z } from 'zod';
import { HANDLING_LEVELS, type HandlingLevel } from '../access/roles.js';
import type { AreaType } from '../city/levels.js';
import type { Actor, CaseEvent } from './caseEvent.js';
import type { Case, CaseStatus, Urgency } from './caseModel.js';
import { ACTIONS, checkTransition, nextLevel, type Action } from './lifecycle.js';

/** The SLA stages a case's clock runs through (see shared/src/sla). */
export type SlaStage = 'register' | 'dispatch' | 'accept' | 'handle' | 'verify' | 'close';
export interface SlaContext {
  category: string;
  subcategory: string;
  urgency: Urgency;
  areaType: AreaType;
}

/** What the loop needs of the SLA policy (SlaPolicy implements it). */
export interface SlaDeadlines {
  stageDeadline(stage: SlaStage, ctx: SlaContext, startMs: number): number;
  closureDeadline(ctx: SlaContext, reportedMs: number): number;
  extend(deadlineMs: number, ctx: SlaContext): number;
  readonly maxExtensions: number;
}

/** The stage whose clock runs while a case is in a state (null: no clock). */
export const STAGE_OF_STATUS: Record<CaseStatus, SlaStage | null> = {
  reported: 'register',
  registered: 'dispatch',
  returned: 'dispatch',
  escalated: 'dispatch',
  dispatched: 'accept',
  accepted: 'handle',
  rework: 'handle',
  handled: 'verify',
  verified: 'close',
  parked: null,
  rejected: null,
  closed: null,
};

const note = z.string().trim().max(500, 'at most 500 characters').optional();
const reason = z.string({ error: 'is required: say why' }).trim().min(1, 'is required: say why').max(500, 'at most 500 characters');
const assignee = z
  .string()
  .trim()
  .regex(/^(W\d{15,20}|unit:\d{6}(\d{3})?:[A-Z]{2,8})$/, 'must be a worker id (W…) or a unit (unit:<district or street code>:<unit code>)');

/** Who acts is the signed-in account (the session's principal), never a field of the request. */
const common = { note, expectedVersion: z.number().int().min(0).optional() };

/** The body of POST /api/cases/:id/actions, per action type. */
export const ACTION_FIELDS = {
  register: z.object({ ...common }).strict(),
  reject: z.object({ ...common, reason }).strict(),
  dispatch: z.object({ ...common, assignee: assignee.optional(), level: z.enum(HANDLING_LEVELS).optional() }).strict(),
  return: z.object({ ...common, reason }).strict(),
  accept: z.object({ ...common }).strict(),
  extend: z.object({ ...common, reason }).strict(),
  park: z.object({ ...common, reason }).strict(),
  resume: z.object({ ...common }).strict(),
  handle: z
    .object({
      ...common,
      note: z.string({ error: 'is required: what was done' }).trim().min(1, 'is required: what was done').max(500, 'at most 500 characters'),
      /** 党建引领: a party member handled it; absent, the holder's roster entry decides (ActContext.partyHolder). */
      handlerIsPartyMember: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .strict(),
  pass: z.object({ ...common }).strict(),
  fail: z.object({ ...common, reason }).strict(),
  close: z.object({ ...common }).strict(),
  escalate: z.object({ ...common, reason }).strict(),
} satisfies Record<Action, z.ZodType>;

export type ActionRequest = { [A in Action]: { type: A } & z.infer<(typeof ACTION_FIELDS)[A]> }[Action];

export type ParsedAction = { ok: true; request: ActionRequest } | { ok: false; errors: { field: string; message: string }[] };

/** Validates a request body: the type first (naming the known ones), then that type's fields. */
export function parseAction(body: unknown): ParsedAction {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: [{ field: 'body', message: 'expected a JSON object { type, ... }' }] };
  const { type, ...fields } = body as Record<string, unknown>;
  if (typeof type !== 'string' || !(ACTIONS as readonly string[]).includes(type)) {
    return { ok: false, errors: [{ field: 'type', message: `unknown action ${JSON.stringify(type)}; actions: ${ACTIONS.join(', ')}` }] };
  }
  const parsed = ACTION_FIELDS[type as Action].safeParse(fields);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })) };
  return { ok: true, request: { type, ...parsed.data } as ActionRequest };
}

const RANK: Record<HandlingLevel, number> = { grid: 0, community: 1, street: 2, district: 3, city: 4, department: 5 };
const CONTROL_ACTIONS: ReadonlySet<Action> = new Set(['register', 'reject', 'dispatch', 'extend', 'park', 'resume', 'close', 'escalate']);

export interface ActContext {
  now: number;
  actor: Actor;
  /** Level of the actor's scope node (city … grid). */
  actorLevel: Exclude<HandlingLevel, 'department'>;
  areaType: AreaType;
  sla: SlaDeadlines;
  /** One-key dispatch: the holder the rule table picks for this case. */
  routeDispatch: (c: Case) => { assignee: string; rule?: string };
  format: (ms: number) => string;
  parse: (iso: string) => number;
  /** Whether the holder (a worker id) is a party member: the roster's 党员骨干 and 下沉干部; absent: no one is. */
  partyHolder?: (assignee: string) => boolean;
}

export type ActOutcome =
  | { ok: true; case: Case; event: CaseEvent }
  | { ok: false; status: 403 | 409 | 422; reason: 'illegal' | 'role' | 'level' | 'version' | 'limit'; message: string; field?: string; allowed?: Action[] };

// Module functions, not closures made per call: the history written at first start applies about
// 1.3 million actions, and each closure costs its creation (and, under tsx, a name).
/** Whether a verification at `now` is within the case's stage deadline. */
function verifiedInTime(c: Case, now: number, ctx: ActContext): boolean {
  return c.stageDeadline === null || now <= ctx.parse(c.stageDeadline);
}

/** The deadline of the stage whose clock runs in `status`, started at `start` (null: no clock). */
function stageDeadlineFrom(status: CaseStatus, start: number, sla: SlaContext, ctx: ActContext): string | null {
  const stage = STAGE_OF_STATUS[status];
  return stage ? ctx.format(ctx.sla.stageDeadline(stage, sla, start)) : null;
}

/**
 * The closed loop's effect of one action on one case, pure: the new case (version + 1, times,
 * holder, handling level, SLA deadlines) and the event that records it, or why it may not happen.
 * Scope (the actor's area contains the case) is checked by the caller, which knows the city.
 */
export function applyAction(c: Case, request: ActionRequest, ctx: ActContext): ActOutcome {
  if (request.expectedVersion !== undefined && request.expectedVersion !== c.version) {
    return { ok: false, status: 409, reason: 'version', field: 'expectedVersion', message: `case ${c.id} is at version ${c.version}, not ${request.expectedVersion}: it changed meanwhile, reload it` };
  }
  const check = checkTransition(c.status, request.type, ctx.actor.role, c.level);
  if (!check.ok) {
    if (check.reason === 'illegal') return { ok: false, status: 409, reason: 'illegal', field: 'type', message: check.message, allowed: check.allowed };
    return { ok: false, status: check.reason === 'role' ? 403 : 409, reason: check.reason, field: check.reason === 'role' ? 'authorization' : 'type', message: check.message };
  }
  // Control actions belong to the level handling the case or one above it (a city centre can act
  // on a line department's case).
  if (CONTROL_ACTIONS.has(request.type) && ctx.actor.role !== 'grid_worker' && RANK[ctx.actorLevel] < Math.min(RANK[c.level], RANK.city)) {
    return { ok: false, status: 403, reason: 'level', field: 'authorization', message: `the case is handled at ${c.level} level; a ${ctx.actorLevel}-level account cannot ${request.type} it` };
  }

  const now = ctx.now;
  const at = ctx.format(now);
  const sla: SlaContext = { category: c.category, subcategory: c.subcategory, urgency: c.urgency, areaType: ctx.areaType };
  const next: Case = { ...c, times: { ...c.times }, status: check.to, version: c.version + 1 };
  let oneKey: string | null = null;

  switch (request.type) {
    case 'register':
      next.times.registered = at;
      next.deadline = ctx.format(ctx.sla.closureDeadline(sla, ctx.parse(c.times.reported!)));
      break;
    case 'reject':
      next.assignee = null;
      break;
    case 'dispatch': {
      if (request.level && RANK[request.level] > RANK[c.level]) {
        return { ok: false, status: 422, reason: 'level', field: 'level', message: `dispatch sends a case down or keeps its level: ${request.level} is above ${c.level}` };
      }
      next.times.dispatched = at;
      next.level = request.level ?? c.level;
      if (request.assignee) next.assignee = request.assignee;
      else {
        // 一键派遣: the rule table picks the holder; the event says which rule did.
        const routed = ctx.routeDispatch(c);
        next.assignee = routed.assignee;
        oneKey = routed.rule ? `一键派遣：${routed.rule}` : '一键派遣';
      }
      break;
    }
    case 'return':
      next.assignee = null;
      break;
    case 'accept':
      next.times.accepted = at;
      break;
    case 'extend':
      if (c.extensions >= ctx.sla.maxExtensions) {
        return { ok: false, status: 422, reason: 'limit', field: 'type', message: `case ${c.id} has had ${c.extensions} extension(s); at most ${ctx.sla.maxExtensions} may be granted` };
      }
      next.extensions = c.extensions + 1;
      if (c.deadline) next.deadline = ctx.format(ctx.sla.extend(ctx.parse(c.deadline), sla));
      if (c.stageDeadline) next.stageDeadline = ctx.format(ctx.sla.extend(ctx.parse(c.stageDeadline), sla));
      break;
    case 'park':
      // 挂账: a known long-running problem leaves the timeliness assessment until resumed.
      next.deadline = null;
      break;
    case 'resume':
      next.deadline = ctx.format(ctx.sla.closureDeadline(sla, now));
      break;
    case 'handle':
      next.times.handled = at;
      next.handlerIsPartyMember = request.handlerIsPartyMember ?? (c.assignee !== null && (ctx.partyHolder?.(c.assignee) ?? false));
      break;
    case 'pass':
      next.times.verified = at;
      next.verifiedOnTime = verifiedInTime(c, now, ctx);
      break;
    case 'fail':
      next.verifiedOnTime = verifiedInTime(c, now, ctx);
      next.reworks = c.reworks + 1;
      next.times.handled = null;
      break;
    case 'close':
      next.times.closed = at;
      break;
    case 'escalate':
      next.level = nextLevel(c.level, 'escalate');
      next.assignee = null;
      break;
  }
  if (request.type !== 'extend') next.stageDeadline = stageDeadlineFrom(next.status, now, sla, ctx);

  const event: CaseEvent = {
    caseId: c.id,
    at,
    action: request.type,
    from: c.status,
    to: next.status,
    actor: ctx.actor,
    level: next.level,
    assignee: next.assignee,
    note: 'reason' in request ? (request.note ? `${request.reason}（${request.note}）` : request.reason) : ([oneKey, request.note].filter(Boolean).join('；') || null),
  };
  return { ok: true, case: next, event };
}

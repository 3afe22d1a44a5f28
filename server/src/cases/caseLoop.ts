import type { HandlingLevel } from '../../../shared/src/access/roles.js';
import { overlaps, withinScope, type Principal } from '../../../shared/src/access/principal.js';
import { applyAction, parseAction, type ActionRequest, type SlaDeadlines } from '../../../shared/src/cases/caseActions.js';
import type { Actor, CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import { handlingArea, type Case } from '../../../shared/src/cases/caseModel.js';
import { allowedActions } from '../../../shared/src/cases/lifecycle.js';
import { SuperviseRequest, superviseCase } from '../../../shared/src/cases/supervision.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { levelOfCode } from '../../../shared/src/city/codes.js';
import { HttpError } from '../http/errors.js';
import type { Clock } from './caseIngest.js';
import { formatShanghai } from '../store/caseRow.js';
import type { CaseStore, CaseTransition } from '../store/caseStore.js';

export interface LoopDeps {
  store: CaseStore;
  model: CityModel;
  sla: SlaDeadlines;
  clock: Clock;
  /** One-key dispatch: the holder the rule table picks for a case now. */
  routeDispatch: (c: Case, now: number) => { assignee: string; rule?: string };
  /** Where a holder belongs (a worker's community, a unit's district or street), or why there is no such holder. */
  assigneeArea: (assignee: string) => { area: string } | { error: string };
  /** 党建引领: whether a holder is a party member (the roster's 党员骨干 and 下沉干部). */
  partyHolder?: (assignee: string) => boolean;
  onListenerError?: (err: unknown) => void;
}

/** A transition someone asked for, with the actor already established. */
export interface ActionItem {
  case: Case;
  request: ActionRequest;
  actor: Actor;
  /** The actor's area (city down to grid): its level is the actor's level, and a holder must lie on its branch. */
  actorScope: string;
}

type Outcome = { ok: true; case: Case; event: CaseEvent } | { ok: false; status: number; message: string; field?: string; allowed?: string[] };

type Listener = (applied: { before: Case; after: Case; event: CaseEvent }[]) => void;

/**
 * The closed loop on the server: every status change of a case goes through here, is checked by
 * the shared state machine (shared/src/cases/lifecycle.ts, caseActions.ts), stored with its event
 * under optimistic concurrency, then handed to the live listeners.
 */
export class CaseLoop {
  private readonly listeners: Listener[] = [];

  constructor(private readonly deps: LoopDeps) {}

  onTransition(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** POST /api/cases/:id/actions: validates, checks scope and rules, stores. Throws HttpError. */
  async act(id: string, body: unknown, principal: Principal): Promise<{ case: Case; event: CaseEvent }> {
    const parsed = parseAction(body);
    if (!parsed.ok) {
      const first = parsed.errors[0]!;
      throw new HttpError(400, parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; '), first.field);
    }
    const request = parsed.request;
    const found = await this.deps.store.get(id);
    // A case outside the caller's area does not exist for them: the same 404, no data.
    if (!found || !withinScope(found.area.grid, principal.scope, this.deps.model.cityCode)) throw new HttpError(404, `case ${id} not found`, 'id');
    const actor: Actor = { id: principal.username, role: principal.role };
    const [outcome] = await this.applyAll([{ case: found, request, actor, actorScope: principal.scope }]);
    if (!outcome!.ok) {
      throw new HttpError(outcome!.status, outcome!.message, outcome!.field, { state: found.status, allowed: outcome!.allowed ?? allowedActions(found.status) });
    }
    return { case: outcome!.case, event: outcome!.event };
  }

  /**
   * POST /api/cases/:id/supervise (督办): a commander urges an open case in their area. Stored like
   * an action (its own event, version + 1, optimistic concurrency) and handed to the live listeners,
   * so the wall's feed and the desk's lists show the mark. A case outside the caller's area, or
   * none, is one 403: whether it exists there is not told. Throws HttpError.
   */
  async supervise(id: string, body: unknown, principal: Principal): Promise<{ case: Case; event: CaseEvent }> {
    const parsed = SuperviseRequest.safeParse(body ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      const field = first.path.join('.') || 'body';
      throw new HttpError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), field);
    }
    const found = await this.deps.store.get(id);
    // A case outside the commander's area does not exist for them: one answer whether it exists or not (as GET /api/cases/:id).
    if (!found || !withinScope(found.area.grid, principal.scope, this.deps.model.cityCode)) throw new HttpError(404, `case ${id} not found`, 'id');
    const outcome = superviseCase(found, parsed.data, { now: this.deps.clock.now(), actor: { id: principal.username, role: principal.role }, format: formatShanghai });
    if (!outcome.ok) throw new HttpError(outcome.status, outcome.message, outcome.field, { state: found.status });
    const [applied] = await this.deps.store.transition([{ case: outcome.case, event: outcome.event }]);
    if (!applied) throw new HttpError(409, `case ${id} changed meanwhile (it is no longer at version ${found.version}): reload it and try again`, 'expectedVersion', { state: found.status });
    this.notify([{ before: found, after: outcome.case, event: outcome.event }]);
    return { case: outcome.case, event: outcome.event };
  }

  /**
   * Applies many transitions in one store transaction (the simulator's path, and act()'s). Items
   * that the rules refuse or that lost a race are reported, the rest applied.
   */
  async applyAll(items: ActionItem[], now = this.deps.clock.now()): Promise<Outcome[]> {
    const outcomes = items.map((item): Outcome => {
      const outcome = applyAction(item.case, item.request, {
        now,
        actor: item.actor,
        actorLevel: this.scopeLevel(item.actorScope),
        areaType: this.deps.model.node(item.case.area.grid)?.areaType ?? 'urban',
        sla: this.deps.sla,
        routeDispatch: (c) => this.deps.routeDispatch(c, now),
        format: formatShanghai,
        parse: Date.parse,
        ...(this.deps.partyHolder ? { partyHolder: this.deps.partyHolder } : {}),
      });
      if (!outcome.ok || item.request.type !== 'dispatch') return outcome;
      // Named or picked by one key, the holder is checked alike.
      const refusal = this.assigneeRefusal(outcome.case, item.actorScope);
      return refusal ? { ok: false, status: 422, field: 'assignee', message: `assignee: ${refusal}` } : outcome;
    });
    const ready: { index: number; transition: CaseTransition }[] = [];
    outcomes.forEach((o, index) => {
      if (o.ok) ready.push({ index, transition: { case: o.case, event: o.event } });
    });
    const applied = ready.length > 0 ? await this.deps.store.transition(ready.map((r) => r.transition)) : [];
    const results: Outcome[] = outcomes.map((o) =>
      o.ok ? o : { ok: false, status: o.status, message: o.message, ...(o.field ? { field: o.field } : {}), ...(o.allowed ? { allowed: o.allowed } : {}) },
    );
    const done: { before: Case; after: Case; event: CaseEvent }[] = [];
    ready.forEach((r, i) => {
      if (applied[i]) {
        done.push({ before: items[r.index]!.case, after: r.transition.case, event: r.transition.event });
        return;
      }
      const c = items[r.index]!.case;
      results[r.index] = { ok: false, status: 409, field: 'expectedVersion', message: `case ${c.id} changed meanwhile (it is no longer at version ${c.version}): reload it and try again` };
    });
    if (done.length > 0) this.notify(done);
    return results;
  }

  private notify(done: { before: Case; after: Case; event: CaseEvent }[]): void {
    for (const listener of this.listeners) {
      try {
        listener(done);
      } catch (err) {
        // Stored is stored: a failing listener must not turn an applied action into an error.
        this.deps.onListenerError?.(err);
      }
    }
  }

  /**
   * Why the case's new holder may not take it, or null. The holder must exist, and its area (a
   * worker's community, a unit's district or street) must lie on one branch with the actor's area
   * and with the area handling the case after the dispatch: inside it, or above it like the
   * district's unit for a street's case. Never a worker or unit of another district, street or
   * community.
   */
  private assigneeRefusal(after: Case, actorScope: string): string | null {
    const assignee = after.assignee!;
    const where = this.deps.assigneeArea(assignee);
    if ('error' in where) return where.error;
    const city = this.deps.model.cityCode;
    if (!overlaps(where.area, actorScope, city)) return `${assignee} belongs to ${where.area}, outside your area ${actorScope}`;
    const handling = handlingArea(after, city);
    if (!overlaps(where.area, handling, city)) return `${assignee} belongs to ${where.area}, outside ${handling}, which handles the case (${after.level} level)`;
    return null;
  }

  /** The level of an account's scope node (accounts are created with city-to-grid scopes). */
  private scopeLevel(scope: string): Exclude<HandlingLevel, 'department'> {
    const level = levelOfCode(scope);
    if (level === 'building') throw new HttpError(403, 'an account scoped to a building cannot act on cases', 'authorization');
    return level;
  }
}

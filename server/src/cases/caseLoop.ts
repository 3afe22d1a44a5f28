import type { HandlingLevel } from '../../../shared/src/access/roles.js';
import { withinScope, type Principal } from '../../../shared/src/access/principal.js';
import { applyAction, parseAction, type ActionRequest, type SlaDeadlines } from '../../../shared/src/cases/caseActions.js';
import type { Actor, CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { allowedActions } from '../../../shared/src/cases/lifecycle.js';
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
  /** Why a named assignee cannot take cases (unknown worker or unit), or null. */
  checkAssignee: (assignee: string) => string | null;
  onListenerError?: (err: unknown) => void;
}

/** A transition someone asked for, with the actor already established. */
export interface ActionItem {
  case: Case;
  request: ActionRequest;
  actor: Actor;
  actorLevel: Exclude<HandlingLevel, 'department'>;
}

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
    if (request.type === 'dispatch' && request.assignee) {
      const why = this.deps.checkAssignee(request.assignee);
      if (why) throw new HttpError(422, `assignee: ${why}`, 'assignee');
    }
    const found = await this.deps.store.get(id);
    // A case outside the caller's area does not exist for them: the same 404, no data.
    if (!found || !withinScope(found.area.grid, principal.scope, this.deps.model.cityCode)) throw new HttpError(404, `case ${id} not found`, 'id');
    const actorLevel = this.scopeLevel(principal.scope);
    const actor: Actor = { id: principal.username, role: principal.role };
    const [outcome] = await this.applyAll([{ case: found, request, actor, actorLevel }]);
    if (!outcome!.ok) {
      throw new HttpError(outcome!.status, outcome!.message, outcome!.field, { state: found.status, allowed: outcome!.allowed ?? allowedActions(found.status) });
    }
    return { case: outcome!.case, event: outcome!.event };
  }

  /**
   * Applies many transitions in one store transaction (the simulator's path, and act()'s). Items
   * that the rules refuse or that lost a race are reported, the rest applied.
   */
  async applyAll(items: ActionItem[], now = this.deps.clock.now()): Promise<Array<{ ok: true; case: Case; event: CaseEvent } | { ok: false; status: number; message: string; field?: string; allowed?: string[] }>> {
    const outcomes = items.map((item) =>
      applyAction(item.case, item.request, {
        now,
        actor: item.actor,
        actorLevel: item.actorLevel,
        areaType: this.deps.model.node(item.case.area.grid)?.areaType ?? 'urban',
        sla: this.deps.sla,
        routeDispatch: (c) => this.deps.routeDispatch(c, now),
        format: formatShanghai,
        parse: Date.parse,
      }),
    );
    const ready: { index: number; transition: CaseTransition }[] = [];
    outcomes.forEach((o, index) => {
      if (o.ok) ready.push({ index, transition: { case: o.case, event: o.event } });
    });
    const applied = ready.length > 0 ? await this.deps.store.transition(ready.map((r) => r.transition)) : [];
    const results: Awaited<ReturnType<CaseLoop['applyAll']>> = outcomes.map((o) =>
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
    if (done.length > 0) {
      for (const listener of this.listeners) {
        try {
          listener(done);
        } catch (err) {
          // Stored is stored: a failing listener must not turn an applied action into an error.
          this.deps.onListenerError?.(err);
        }
      }
    }
    return results;
  }

  /** The level of an account's scope node (accounts are created with city-to-grid scopes). */
  private scopeLevel(scope: string): Exclude<HandlingLevel, 'department'> {
    const level = levelOfCode(scope);
    if (level === 'building') throw new HttpError(403, 'an account scoped to a building cannot act on cases', 'authorization');
    return level;
  }
}

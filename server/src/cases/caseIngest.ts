import type { CityModel } from '../../../shared/src/city/cityModel.js';
import type { AreaResolver } from '../../../shared/src/city/resolver.js';
import type { SlaDeadlines } from '../../../shared/src/cases/caseActions.js';
import { CaseInput, type Case, type ValidCaseInput } from '../../../shared/src/cases/caseModel.js';
import { withinScope, type Principal } from '../../../shared/src/access/principal.js';
import type { CaseStore } from '../store/caseStore.js';
import { externalKey, formatShanghai } from '../store/caseRow.js';

export interface FieldError {
  field: string;
  message: string;
}

export type ItemResult = { index: number; id: string; duplicate?: true } | { index: number; errors: FieldError[] };

export interface Clock {
  now(): number;
}

/** Who submits: the account's area (cases outside it are refused) and its name (the case's source). */
export interface Submitter {
  scope: string;
  source: string;
}

export const submitter = (p: Pick<Principal, 'scope' | 'username'>): Submitter => ({ scope: p.scope, source: p.username });

/** Reports dated further ahead than this are refused (clock skew allowance). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Reports dated before this are refused: no source predates it, and year 0001 is a default date, not a report. */
const EARLIEST_REPORT = '2000-01-01';
const EARLIEST_REPORT_MS = Date.parse(`${EARLIEST_REPORT}T00:00:00+08:00`);
/** Concurrent requests are committed together: one transaction and one fsync per group. */
const MAX_GROUP = 5000;

type Listener = (cases: Case[]) => void;

/** What placing a case needs: no store (the simulated history places cases on threads without one). */
export interface PlacementDeps {
  resolver: AreaResolver;
  model: CityModel;
  clock: Clock;
  /** Sets the first stage's deadline (registration) of every new case. */
  sla: SlaDeadlines;
  newId: () => string;
}

/** Every check of a new case after the schema's, and its place in the grid: the new case, or the errors naming their fields. */
export class CasePlacer {
  constructor(private readonly deps: PlacementDeps) {}

  /**
   * Places an input that is valid already (the simulated history's, built by the simulator's
   * generator): every check after the schema's. The schema's parse costs more than the placing.
   */
  place(input: ValidCaseInput, by?: Submitter): { case: Case } | { errors: FieldError[] } {
    const now = this.deps.clock.now();
    const reportedMs = input.reportedAt ? Date.parse(input.reportedAt) : now;
    if (reportedMs < EARLIEST_REPORT_MS) return { errors: [{ field: 'reportedAt', message: `must not be before ${EARLIEST_REPORT}` }] };
    if (reportedMs > now + FUTURE_TOLERANCE_MS) return { errors: [{ field: 'reportedAt', message: `lies in the future (more than ${FUTURE_TOLERANCE_MS / 60_000} minutes ahead of the server clock)` }] };
    const placed = this.deps.resolver.resolve(input.lon, input.lat);
    if (placed.status === 'invalid') return { errors: [{ field: placed.field, message: placed.message }] };
    if (placed.status === 'outside') return { errors: [{ field: 'lon', message: `${placed.message}: cases are accepted only inside ${this.deps.model.city.name}` }] };
    const grid = placed.grid;
    if (by && !withinScope(grid, by.scope, this.deps.model.cityCode)) {
      return { errors: [{ field: 'lon', message: `the point lies in ${grid}, outside your area ${by.scope}: submit cases of your own area only` }] };
    }
    const reporter = input.reporter && (input.reporter.name || input.reporter.phone) ? { ...input.reporter } : null;
    return {
      case: {
        id: this.deps.newId(),
        channel: input.channel,
        category: input.category,
        subcategory: input.subcategory,
        urgency: input.urgency,
        lon: input.lon,
        lat: input.lat,
        address: input.address ?? null,
        description: input.description,
        reporter,
        reporterIsPartyMember: input.reporterIsPartyMember ?? false,
        handlerIsPartyMember: false,
        status: 'reported',
        area: { district: grid.slice(0, 6), street: grid.slice(0, 9), community: grid.slice(0, 12), grid },
        externalId: input.externalId ?? null,
        source: by?.source ?? null,
        times: { reported: formatShanghai(reportedMs), registered: null, dispatched: null, accepted: null, handled: null, verified: null, closed: null },
        deadline: null,
        level: 'grid',
        assignee: null,
        reworks: 0,
        extensions: 0,
        stageDeadline: formatShanghai(
          this.deps.sla.stageDeadline('register', { category: input.category, subcategory: input.subcategory, urgency: input.urgency, areaType: this.deps.model.node(grid)?.areaType ?? 'urban' }, reportedMs),
        ),
        version: 0,
        verifiedOnTime: null,
        supervised: null,
      },
    };
  }
}

/**
 * The one way cases enter: validation, placement in the grid, durable storage, then the live
 * listeners. Concurrent submissions are grouped into one store transaction (group commit), so a
 * burst costs one fsync per group, not per case; every caller still waits until its cases are
 * on disk.
 */
export class CaseIngest {
  private readonly listeners: Listener[] = [];
  private pending: { cases: Case[]; resolve: (r: { inserted: Set<string>; existing: Map<string, Case> }) => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;

  private readonly placer: CasePlacer;

  constructor(private readonly deps: PlacementDeps & { store: CaseStore; onListenerError?: (err: unknown) => void }) {
    this.placer = new CasePlacer(deps);
  }

  onAccepted(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Validates and places one input; errors name the field. */
  prepare(raw: unknown, by?: Submitter): { case: Case } | { errors: FieldError[] } {
    const parsed = CaseInput.safeParse(raw);
    if (!parsed.success) {
      return { errors: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(case)', message: i.message })) };
    }
    return this.placer.place(parsed.data, by);
  }

  /**
   * Submits inputs: invalid items are reported per item and the valid ones are stored (a batch
   * keeps its good items). Resolves once the stored cases are durable. A submitter's external id
   * that it sent before answers its own earlier case (a resend), never another source's; without
   * a submitter (the simulator) there is no source, no area check and no resend.
   */
  async submit(raws: unknown[], by?: Submitter): Promise<ItemResult[]> {
    const results: ItemResult[] = [];
    const ready: { index: number; case: Case }[] = [];
    raws.forEach((raw, index) => {
      const prepared = this.prepare(raw, by);
      if ('errors' in prepared) results[index] = { index, errors: prepared.errors };
      else ready.push({ index, case: prepared.case });
    });
    if (ready.length > 0) {
      const { inserted, existing } = await this.commit(ready.map((r) => r.case));
      for (const r of ready) {
        const key = externalKey(r.case);
        const stored = key === null ? undefined : existing.get(key);
        if (inserted.has(r.case.id) || !stored) results[r.index] = { index: r.index, id: r.case.id };
        // Its own earlier case, now outside its area (the account's area changed): not shown.
        else if (by && !withinScope(stored.area.grid, by.scope, this.deps.model.cityCode)) {
          results[r.index] = { index: r.index, errors: [{ field: 'externalId', message: `you sent ${r.case.externalId} before for a case outside your area ${by.scope}: send a new externalId` }] };
        } else results[r.index] = { index: r.index, id: stored.id, duplicate: true };
      }
    }
    return results;
  }

  /** Stores already-built cases (the simulator's progress goes through `update`). */
  private commit(cases: Case[]): Promise<{ inserted: Set<string>; existing: Map<string, Case> }> {
    return new Promise((resolve, reject) => {
      this.pending.push({ cases, resolve, reject });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  private notify(cases: Case[]): void {
    for (const listener of this.listeners) {
      try {
        listener(cases);
      } catch (err) {
        // Stored is stored: a failing listener must not turn an acknowledged write into an error.
        this.deps.onListenerError?.(err);
      }
    }
  }

  private async flush(): Promise<void> {
    // Let requests arriving in the same event-loop turn join this group.
    await new Promise<void>((r) => setImmediate(r));
    while (this.pending.length > 0) {
      const group: typeof this.pending = [];
      let size = 0;
      while (this.pending.length > 0 && (group.length === 0 || size + this.pending[0]!.cases.length <= MAX_GROUP)) {
        const next = this.pending.shift()!;
        group.push(next);
        size += next.cases.length;
      }
      // The same (source, channel, externalId) twice in one group is stored once; the rest are duplicates.
      const keys = new Set<string>();
      const all = group.flatMap((g) => g.cases).filter((c) => {
        const key = externalKey(c);
        if (key === null) return true;
        if (keys.has(key)) return false;
        keys.add(key);
        return true;
      });
      try {
        const result = await this.deps.store.insert(all);
        const inserted = new Set(result.inserted.map((c) => c.id));
        const existing = new Map<string, Case>();
        for (const c of [...result.existing, ...result.inserted]) {
          const key = externalKey(c);
          if (key !== null) existing.set(key, c);
        }
        for (const g of group) g.resolve({ inserted, existing });
        if (result.inserted.length > 0) this.notify(result.inserted);
      } catch (err) {
        for (const g of group) g.reject(err);
      }
    }
    this.flushing = null;
  }
}

import type { CaseColumns } from '../../../shared/src/columnar/caseColumns.js';
import { OPEN_STATUSES } from '../../../shared/src/cases/caseModel.js';
import type { AreaDelta, CaseSummary } from '../../../shared/src/live/events.js';
import { CasePointColumns, type LivePoint } from '../map/layers/caseColumns.js';

/** Points a screen draws at most unless told otherwise (the wall's `?points=`); the rest are counted and shown as a number. */
export const DEFAULT_MAP_POINT_CAP = 50_000;
/** The range of `?points=`: below it the map says little, above it a wall without a GPU stalls (about 1 s of CPU a redraw per 100,000 points). */
export const MIN_MAP_POINT_CAP = 100;
export const MAX_MAP_POINT_CAP = 200_000;

/** Deltas held while a load is in flight (a minute at 4 a second); past it the load is simply done again. */
export const MAX_HELD_DELTAS = 240;

/** A live case that carries its store seq (the points' key). */
type Named = CaseSummary & { seq: number };
/** A summary the points cannot name: the server had no seq for it (a load puts it right). */
const unnamed = (c: CaseSummary): boolean => c.seq === undefined;

/** A live case with its store seq as a map point. */
export function livePoint(c: Named): LivePoint {
  const reported = Date.parse(c.reportedAt);
  return { seq: c.seq, lon: c.lon, lat: c.lat, urgency: c.urgency, status: c.status, ...(Number.isFinite(reported) ? { reportedAt: reported } : {}) };
}

export interface CaseColumnsSyncDeps {
  points: CasePointColumns;
  /** GET /api/map/cases of the followed area (fetchMapCases). */
  load: (signal: AbortSignal) => Promise<CaseColumns>;
  /** Called after every change of the points (a load, a delta that changed something). */
  onChange: () => void;
  /** A load failed (not an abort): the points keep what they held until the next load. */
  onError?: (error: Error) => void;
}

/**
 * Keeps one area's CasePointColumns in step with the server: `reload()` replaces the points with
 * a fresh GET /api/map/cases answer (on (re)subscription, on a resync and every few minutes: the
 * caller decides when), `delta()` applies a live delta. A delta with the map section (asked for
 * with `map: true`) carries every case the tick added and every state change as columns: they are
 * written in place (appendColumns, setStateCode: a closed case leaves), and only a section that
 * counted entries it left out (`map.omitted`) asks for a load. A delta without it carries at most
 * 50 new and 50 changed cases: those are applied, and one that left any out, or holds a case
 * without its seq (the points' key), asks for a load.
 * Nothing is dropped silently. A delta that arrives while a load is in flight is held and applied
 * on top of the answer, so nothing between the server's read and the answer's arrival is lost.
 * No timers here: the hook drives it.
 */
export class CaseColumnsSync {
  private inFlight: AbortController | null = null;
  private held: AreaDelta[] = [];
  private again = false;
  private stopped = false;
  /** Loads completed. */
  loads = 0;

  constructor(private readonly deps: CaseColumnsSyncDeps) {}

  get loading(): boolean {
    return this.inFlight !== null;
  }

  /** Loads the area again; while one load runs, one more follows it (not one per call). */
  reload(): void {
    if (this.stopped) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const controller = new AbortController();
    this.inFlight = controller;
    this.deps
      .load(controller.signal)
      .then((columns) => {
        if (controller.signal.aborted) return;
        this.deps.points.load(columns);
        this.loads++;
        const held = this.held;
        this.held = [];
        for (const d of held) this.apply(d);
        this.deps.onChange();
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        this.held = [];
        this.deps.onError?.(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => {
        if (this.inFlight === controller) this.inFlight = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.reload();
        }
      });
  }

  /** A live delta of the followed area, in sequence order (gaps are the feed's business: it resyncs, and the caller reloads). */
  delta(d: AreaDelta): void {
    if (this.stopped) return;
    const lossy = d.map ? d.map.omitted > 0 : d.newCasesOmitted > 0 || (d.changedCasesOmitted ?? 0) > 0 || d.newCases.some(unnamed) || d.changedCases.some(unnamed);
    if (lossy) this.reload();
    if (this.inFlight) {
      if (this.held.length < MAX_HELD_DELTAS) this.held.push(d);
      else this.again = true;
      return;
    }
    if (this.apply(d)) this.deps.onChange();
  }

  /** Stops for good: a load in flight is aborted, later calls do nothing. */
  stop(): void {
    this.stopped = true;
    this.inFlight?.abort();
    this.inFlight = null;
    this.held = [];
  }

  /** Whether the points changed. */
  private apply(d: AreaDelta): boolean {
    const { points } = this.deps;
    const before = points.length;
    const omittedBefore = points.omitted;
    let changed = false;
    if (d.map) {
      // Added first, then the states: a case reported and closed in the same tick comes in both.
      const { added, states } = d.map;
      if (added.seqs.length > 0) {
        points.appendColumns(added);
        changed = true;
      }
      for (let k = 0; k < states.seqs.length; k++) {
        if (!points.has(states.seqs[k]!)) continue;
        points.setStateCode(states.seqs[k]!, states.state[k]!);
        changed = true;
      }
      return changed || points.length !== before || points.omitted !== omittedBefore;
    }
    // A case changed in the same tick it was reported comes in both lists: new first, then its state.
    // Points are keyed by seq: a summary without one is skipped here (delta() asked for a load).
    if (d.newCases.length > 0) {
      points.append(d.newCases.filter((c): c is Named => OPEN_STATUSES.has(c.status) && c.seq !== undefined && !points.has(c.seq)).map(livePoint));
      changed = true;
    }
    for (const c of d.changedCases) {
      if (c.seq === undefined || !points.has(c.seq)) continue;
      points.setState(c.seq, c.status);
      changed = true;
    }
    return changed || points.length !== before || points.omitted !== omittedBefore;
  }
}

import { prefixRange } from '../../../shared/src/city/codeRange.js';
import { gridChain } from '../../../shared/src/city/codes.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { OPEN_STATUSES, STATUSES, URGENCIES, type Case, type CaseStatus, type Urgency } from '../../../shared/src/cases/caseModel.js';
import { CATEGORIES } from '../../../shared/src/cases/categories.js';
import { MAX_ALERTS, type Alert, type AreaAggregate, type CaseSummary, type ChildFigures } from '../../../shared/src/live/events.js';
import { stateCode } from '../../../shared/src/columnar/caseColumns.js';
import { MAX_MAP_CHANGES_PER_DELTA, pushMapAdded } from '../../../shared/src/live/mapDelta.js';
import type { LiveRow } from '../store/caseStore.js';
import { MinHeap } from './minHeap.js';
import { emptyPendingMap, type PendingMap } from './pendingMap.js';

// Layout of one node's counters in the flat Int32Array.
const TOTAL = 0;
const OPEN = 1;
const OVERDUE = 2;
const NEW_HOUR = 3;
const STATUS0 = 4;
const CATEGORY0 = STATUS0 + STATUSES.length;
const URGENCY0 = CATEGORY0 + CATEGORIES.length;
const STRIDE = URGENCY0 + URGENCIES.length;
const MINUTE = 60_000;
const WINDOW_MINUTES = 60;
/** New/changed cases kept between two ticks at most; the rest are only counted. */
const MAX_PENDING = 2_000;
/** Map entries (added cases, state changes) kept between two ticks at most, whole city, per list; the rest are counted per area. */
export const MAX_PENDING_MAP = 4 * MAX_MAP_CHANGES_PER_DELTA;
/** Grid cells (in code order) per piece of the cells JSON kept between snapshots: 65 pieces for the city's 16,600. */
export const CELLS_JSON_PIECE = 256;

const STATUS_INDEX = new Map(STATUSES.map((s, i) => [s, i]));
const CATEGORY_INDEX = new Map(CATEGORIES.map((c, i) => [c.code, i]));
const URGENCY_INDEX = new Map(URGENCIES.map((u, i) => [u, i]));

/** What is remembered of an open case (closed cases live only in the counters). */
interface OpenCase {
  /** The store's seq (the map's key of the case); undefined for a case handed over without one. */
  seq: number | undefined;
  status: CaseStatus;
  category: number;
  urgency: number;
  nodes: number[];
  deadline: number | null;
  overdue: boolean;
}

export function summarize(c: Case, seq = c.seq): CaseSummary {
  return {
    id: c.id,
    ...(seq !== undefined ? { seq } : {}),
    channel: c.channel,
    category: c.category,
    subcategory: c.subcategory,
    urgency: c.urgency,
    status: c.status,
    lon: c.lon,
    lat: c.lat,
    grid: c.area.grid,
    reportedAt: c.times.reported!,
    description: c.description.length > 80 ? `${c.description.slice(0, 79)}…` : c.description,
    ...(c.supervised ? { supervised: { count: c.supervised.count, lastAt: c.supervised.lastAt } } : {}),
  };
}

export interface Drained {
  touched: Set<number>;
  newCases: CaseSummary[];
  newOmitted: number;
  changedCases: CaseSummary[];
  /** Changes past MAX_PENDING, whole city (not known per area). */
  changedOmitted: number;
  alerts: Alert[];
  map: PendingMap;
}

/**
 * Live counts for every node of the hierarchy, held in flat typed arrays (about 20,000 nodes ×
 * 38 counters + a 60-minute ring each): by status, category and urgency, open, overdue and new in
 * the last hour. Open cases are remembered compactly so their transitions can be counted; closed
 * ones only in the counters, so memory does not grow with history.
 */
export class LiveState {
  private readonly nodeIndex = new Map<string, number>();
  private readonly codes: string[] = [];
  private readonly counts: Int32Array;
  private readonly minutes: Int32Array;
  private readonly open = new Map<string, OpenCase>();
  private readonly deadlines = new MinHeap<{ at: number; id: string }>((a, b) => a.at - b.at);
  private currentMinute: number;
  private touched = new Set<number>();
  private newCases: CaseSummary[] = [];
  private newOmitted = 0;
  private changedCases: CaseSummary[] = [];
  private changedOmitted = 0;
  private alerts: Alert[] = [];
  private map = emptyPendingMap();
  /** The latest alerts, whole city, for snapshots: a ring of MAX_ALERTS × 4 (bounded). */
  private readonly recent: Alert[] = [];
  /** Grid cell codes in code order, and their node indices: the cells under an area are one run. */
  private readonly gridCodes: string[];
  private readonly gridNodes: Int32Array;
  /** A grid node's place in gridCodes (-1 for nodes above the cells). */
  private readonly gridPlace: Int32Array;
  /**
   * The cells JSON of each run of CELLS_JSON_PIECE cells in code order (entries joined by commas,
   * '' for none), or undefined once a counter of one of its cells has changed: the city's snapshot
   * writes again only the pieces whose cells moved since the last one.
   */
  private readonly pieces: (string | undefined)[];

  constructor(
    private readonly model: CityModel,
    now: number,
  ) {
    for (const node of model.file.nodes) {
      this.nodeIndex.set(node.code, this.codes.length);
      this.codes.push(node.code);
    }
    this.counts = new Int32Array(this.codes.length * STRIDE);
    this.minutes = new Int32Array(this.codes.length * WINDOW_MINUTES);
    const grids = [...this.nodeIndex].filter(([code]) => code.length === 15).sort(([a], [b]) => (a < b ? -1 : 1));
    this.gridCodes = grids.map(([code]) => code);
    this.gridNodes = Int32Array.from(grids, ([, n]) => n);
    this.gridPlace = new Int32Array(this.codes.length).fill(-1);
    this.gridNodes.forEach((n, k) => (this.gridPlace[n] = k));
    this.pieces = new Array<string | undefined>(Math.ceil(this.gridCodes.length / CELLS_JSON_PIECE));
    this.currentMinute = Math.floor(now / MINUTE);
  }

  get openCases(): number {
    return this.open.size;
  }

  nodeOf(code: string): number | undefined {
    return this.nodeIndex.get(code);
  }

  /** Node indices from the city down to the cell, cached per cell (16,600 arrays of 5). */
  private readonly chains = new Map<string, number[]>();

  private chain(grid: string): number[] {
    let out = this.chains.get(grid);
    if (out) return out;
    out = [];
    for (const code of gridChain(grid, this.model.cityCode)) {
      const i = this.nodeIndex.get(code);
      if (i === undefined) throw new Error(`case in unknown area ${code}`);
      out.push(i);
    }
    this.chains.set(grid, out);
    return out;
  }

  private add(nodes: number[], offset: number, delta: number): void {
    for (const n of nodes) {
      this.counts[n * STRIDE + offset] = this.counts[n * STRIDE + offset]! + delta;
      this.touch(n);
    }
  }

  /** Marks a node's counters changed: for the next delta, and in the cells JSON kept for snapshots. */
  private touch(n: number): void {
    this.touched.add(n);
    const k = this.gridPlace[n]!;
    if (k >= 0) this.pieces[Math.floor(k / CELLS_JSON_PIECE)] = undefined;
  }

  /** Counts one case in every node above it. */
  private count(id: string, seq: number | undefined, status: CaseStatus, categoryCode: string, urgencyCode: Urgency, grid: string, reportedMs: number, deadline: number | null): void {
    const nodes = this.chain(grid);
    const category = CATEGORY_INDEX.get(categoryCode) ?? 0;
    const urgency = URGENCY_INDEX.get(urgencyCode) ?? 0;
    this.add(nodes, TOTAL, 1);
    this.add(nodes, STATUS0 + STATUS_INDEX.get(status)!, 1);
    this.add(nodes, CATEGORY0 + category, 1);
    this.add(nodes, URGENCY0 + urgency, 1);
    const minute = Math.min(this.currentMinute, Math.floor(reportedMs / MINUTE));
    if (minute > this.currentMinute - WINDOW_MINUTES) {
      for (const n of nodes) {
        const slot = n * WINDOW_MINUTES + (minute % WINDOW_MINUTES);
        this.minutes[slot] = this.minutes[slot]! + 1;
      }
      this.add(nodes, NEW_HOUR, 1);
    }
    if (OPEN_STATUSES.has(status)) {
      this.add(nodes, OPEN, 1);
      this.open.set(id, { seq, status, category, urgency, nodes, deadline, overdue: false });
      if (deadline !== null) this.deadlines.push({ at: deadline, id });
    }
  }

  /** Counts new cases as they are accepted; they also go out with the next delta. */
  apply(cases: Case[]): void {
    for (const c of cases) {
      this.count(c.id, c.seq, c.status, c.category, c.urgency, c.area.grid, Date.parse(c.times.reported!), c.deadline ? Date.parse(c.deadline) : null);
      if (this.newCases.length < MAX_PENDING) this.newCases.push(summarize(c));
      else this.newOmitted++;
      if (!OPEN_STATUSES.has(c.status)) continue; // the map holds open cases only
      const nodes = this.chain(c.area.grid);
      // A case without a seq (not from the store) cannot be named on the map: counted, so a map loads again.
      if (this.map.addedNodes.length < MAX_PENDING_MAP && c.seq !== undefined) {
        pushMapAdded(this.map.added, { seq: c.seq, lon: c.lon, lat: c.lat, urgency: c.urgency, status: c.status, category: c.category, reportedMs: Date.parse(c.times.reported!) });
        this.map.addedNodes.push(nodes);
      } else this.mapOmitted(nodes);
    }
  }

  private mapOmitted(nodes: number[]): void {
    for (const n of nodes) this.map.omitted.set(n, (this.map.omitted.get(n) ?? 0) + 1);
  }

  /** Counts stored cases while rebuilding at start-up (nothing to stream). */
  applyStored(rows: LiveRow[]): void {
    for (const [id, status, category, urgency, grid, reportedMs, deadline, , seq] of rows) this.count(id, seq, status, category, urgency, grid, reportedMs, deadline);
    this.touched.clear();
  }

  /** Counts status and deadline changes of cases already counted. */
  update(cases: Case[]): void {
    for (const c of cases) {
      const known = this.open.get(c.id);
      if (!known) continue; // closed before: nothing open to move
      // Same status (督办): nothing to count, but the areas' next delta carries the changed case.
      if (known.status === c.status) for (const n of known.nodes) this.touched.add(n);
      else {
        this.add(known.nodes, STATUS0 + STATUS_INDEX.get(known.status)!, -1);
        this.add(known.nodes, STATUS0 + STATUS_INDEX.get(c.status)!, 1);
        known.status = c.status;
        if (this.map.statesNodes.length < MAX_PENDING_MAP && known.seq !== undefined) {
          this.map.states.seqs.push(known.seq);
          this.map.states.state.push(stateCode(c.status));
          this.map.statesNodes.push(known.nodes);
        } else this.mapOmitted(known.nodes);
      }
      const deadline = c.deadline ? Date.parse(c.deadline) : null;
      if (deadline !== known.deadline) {
        if (known.overdue) this.add(known.nodes, OVERDUE, -1);
        known.overdue = false;
        known.deadline = deadline;
        if (deadline !== null) this.deadlines.push({ at: deadline, id: c.id });
      }
      if (!OPEN_STATUSES.has(c.status)) {
        this.add(known.nodes, OPEN, -1);
        if (known.overdue) this.add(known.nodes, OVERDUE, -1);
        this.open.delete(c.id);
      }
      if (this.changedCases.length < MAX_PENDING) this.changedCases.push(summarize(c, known.seq));
      else this.changedOmitted++;
    }
  }

  /** Moves the clock: expires the last-hour window and marks cases that crossed their deadline. */
  advance(now: number): string[] {
    const minute = Math.floor(now / MINUTE);
    for (let m = this.currentMinute + 1; m <= minute && m <= this.currentMinute + WINDOW_MINUTES; m++) {
      const slot = m % WINDOW_MINUTES;
      for (let n = 0; n < this.codes.length; n++) {
        const expired = this.minutes[n * WINDOW_MINUTES + slot]!;
        if (expired === 0) continue;
        this.minutes[n * WINDOW_MINUTES + slot] = 0;
        this.counts[n * STRIDE + NEW_HOUR] = this.counts[n * STRIDE + NEW_HOUR]! - expired;
        this.touch(n);
      }
    }
    this.currentMinute = Math.max(this.currentMinute, minute);
    const crossed: string[] = [];
    while (this.deadlines.size > 0 && this.deadlines.peek()!.at <= now) {
      const { at, id } = this.deadlines.pop()!;
      const c = this.open.get(id);
      if (!c || c.deadline !== at || c.overdue) continue; // stale heap entry
      c.overdue = true;
      this.add(c.nodes, OVERDUE, 1);
      crossed.push(id);
      const alert: Alert = { kind: 'overdue', id, grid: this.codes[c.nodes[c.nodes.length - 1]!]!, category: CATEGORIES[c.category]!.code, urgency: URGENCIES[c.urgency]!, deadline: at };
      if (this.alerts.length < MAX_PENDING) this.alerts.push(alert);
      this.recent.push(alert);
      if (this.recent.length > MAX_ALERTS * 4) this.recent.splice(0, this.recent.length - MAX_ALERTS * 4);
    }
    return crossed;
  }

  /** Takes what changed since the last call (nodes touched, new and changed cases). */
  drain(): Drained {
    const out: Drained = { touched: this.touched, newCases: this.newCases, newOmitted: this.newOmitted, changedCases: this.changedCases, changedOmitted: this.changedOmitted, alerts: this.alerts, map: this.map };
    this.alerts = [];
    this.map = emptyPendingMap();
    this.touched = new Set();
    this.newCases = [];
    this.newOmitted = 0;
    this.changedCases = [];
    this.changedOmitted = 0;
    return out;
  }

  /** The latest alerts under an area prefix (city: '4101'), newest last. */
  recentAlerts(prefix: string): Alert[] {
    return this.recent.filter((a) => a.grid.startsWith(prefix)).slice(-MAX_ALERTS);
  }

  figures(code: string): ChildFigures {
    const n = this.nodeIndex.get(code);
    if (n === undefined) return [0, 0, 0, 0];
    const b = n * STRIDE;
    return [this.counts[b + OPEN]!, this.counts[b + OVERDUE]!, this.counts[b + NEW_HOUR]!, this.counts[b + TOTAL]!];
  }

  aggregate(code: string): AreaAggregate {
    const n = this.nodeIndex.get(code);
    if (n === undefined) throw new Error(`unknown area ${code}`);
    const b = n * STRIDE;
    const pick = <K extends string>(keys: readonly K[], offset: number) => {
      const out: Partial<Record<K, number>> = {};
      keys.forEach((k, i) => {
        const v = this.counts[b + offset + i]!;
        if (v !== 0) out[k] = v;
      });
      return out;
    };
    const children: Record<string, ChildFigures> = {};
    for (const child of this.model.children(code)) children[child.code] = this.figures(child.code);
    return {
      area: code,
      total: this.counts[b + TOTAL]!,
      open: this.counts[b + OPEN]!,
      overdue: this.counts[b + OVERDUE]!,
      newLastHour: this.counts[b + NEW_HOUR]!,
      byStatus: pick(STATUSES, STATUS0),
      byCategory: pick(CATEGORIES.map((c) => c.code), CATEGORY0) as Record<string, number>,
      byUrgency: pick<Urgency>(URGENCIES, URGENCY0),
      children,
    };
  }

  /** Grid cells under `code` with any case (all of them for a snapshot, or only `among`). */
  cells(code: string, among?: Set<number>): Record<string, ChildFigures> {
    const out: Record<string, ChildFigures> = {};
    const prefix = code === this.model.cityCode ? code.slice(0, 4) : code;
    const [from, to] = prefixRange(this.gridCodes, prefix);
    // A tick's touched nodes (thousands when the last hour's window moves) against the area's own
    // cells: whichever is fewer is walked, so each area of a tick costs at most its own cells.
    if (among && among.size < to - from) {
      for (const n of among) {
        const k = this.gridPlace[n]!;
        if (k >= from && k < to) out[this.gridCodes[k]!] = this.figuresAt(n);
      }
      return out;
    }
    for (let k = from; k < to; k++) {
      const n = this.gridNodes[k]!;
      if (among ? among.has(n) : this.counts[n * STRIDE + TOTAL]! > 0) out[this.gridCodes[k]!] = this.figuresAt(n);
    }
    return out;
  }

  private figuresAt(n: number): ChildFigures {
    const b = n * STRIDE;
    return [this.counts[b + OPEN]!, this.counts[b + OVERDUE]!, this.counts[b + NEW_HOUR]!, this.counts[b + TOTAL]!];
  }

  /**
   * `cells(code)` as JSON text, written straight from the counters in code order: for the city's
   * 16,600 cells about a fifth of the time of building the object and JSON.stringify of it. Whole
   * pieces of CELLS_JSON_PIECE cells come from the text kept since the last call, written again
   * only where a counter changed since; the ends of a range that cut a piece are written afresh.
   */
  cellsJson(code: string): string {
    const [from, to] = prefixRange(this.gridCodes, code === this.model.cityCode ? code.slice(0, 4) : code);
    const parts: string[] = [];
    for (let k = from; k < to; ) {
      const piece = Math.floor(k / CELLS_JSON_PIECE);
      const end = Math.min((piece + 1) * CELLS_JSON_PIECE, this.gridCodes.length);
      let text: string;
      if (k === piece * CELLS_JSON_PIECE && end <= to) text = this.pieces[piece] ??= this.writeCells(k, end);
      else text = this.writeCells(k, Math.min(end, to));
      if (text !== '') parts.push(text);
      k = Math.min(end, to);
    }
    return `{${parts.join(',')}}`;
  }

  /**
   * Cells [from, to) of gridCodes with any case, as JSON object entries joined by commas: one flat
   * string (join), not the chain of pieces that `+=` leaves, which every later join walks again.
   */
  private writeCells(from: number, to: number): string {
    const entries: string[] = [];
    for (let k = from; k < to; k++) {
      const b = this.gridNodes[k]! * STRIDE;
      const total = this.counts[b + TOTAL]!;
      if (total > 0) entries.push(`"${this.gridCodes[k]}":[${this.counts[b + OPEN]},${this.counts[b + OVERDUE]},${this.counts[b + NEW_HOUR]},${total}]`);
    }
    return entries.join(',');
  }
}

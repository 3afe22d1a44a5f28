import { CLOSED_STATE_CODES, STATE_CODES, URGENCY_CODES, stateCode, urgencyCode, type CaseColumns } from '../../../../shared/src/columnar/caseColumns.js';
import type { CaseStatus, Urgency } from '../../../../shared/src/cases/caseModel.js';
import type { MapAdded } from '../../../../shared/src/live/mapDelta.js';
import type { Rgba } from '../../theme.js';
import { URGENCY_COLORS } from './liveLayers.js';

/**
 * The map's case points as GPU-ready columns: positions (Float32 lon/lat pairs), fill colours
 * (RGBA bytes) and heatmap weights, kept in typed arrays with spare capacity so appends and state
 * changes write in place. Each attribute remembers the range written since the layer last took
 * it (`layerData`): only an attribute that changed gets a new descriptor, so deck.gl re-uploads
 * that one and keeps the others (it compares descriptors by identity). Bounded by `maxPoints`:
 * what does not fit is counted in `omitted`, never silently dropped. Points are keyed by their
 * case's store `seq` (what the case columns and the map deltas carry); the case itself is asked
 * for by seq (GET /api/cases/by-seq/:seq) when a point is picked.
 */

/** Opacity by state: what waits for someone is brightest; closed and rejected cases fade. */
export const STATE_ALPHA: Record<CaseStatus, number> = {
  reported: 255,
  returned: 255,
  escalated: 255,
  rework: 255,
  registered: 215,
  dispatched: 215,
  accepted: 215,
  handled: 160,
  verified: 160,
  parked: 110,
  closed: 60,
  rejected: 60,
};
/** Heat per urgency: a 重大 case weighs as much as eight 简易 ones. */
export const URGENCY_WEIGHT: Record<Urgency, number> = { simple: 1, normal: 2, prominent: 4, major: 8 };

const FALLBACK: Rgba = URGENCY_COLORS.normal;

/** Fill colour of a point by its urgency and state codes (caseColumns' codes). */
export function pointColor(urgency: number, state: number): Rgba {
  const [r, g, b] = URGENCY_COLORS[URGENCY_CODES[urgency] as Urgency] ?? FALLBACK;
  return [r, g, b, STATE_ALPHA[STATE_CODES[state] as CaseStatus] ?? 255];
}

/** A binary attribute as deck.gl takes it in `data.attributes`. */
export interface BinaryAttribute {
  value: Float32Array | Uint8Array;
  size: number;
  normalized?: boolean;
}

/** The `data` of a layer drawn from binary attributes. */
export interface PointLayerData {
  length: number;
  attributes: { getPosition: BinaryAttribute; getFillColor: BinaryAttribute; getWeight: BinaryAttribute };
}

/** A point to add from the live feed. */
export interface LivePoint {
  /** The case's store seq. */
  seq: number;
  lon: number;
  lat: number;
  urgency: Urgency;
  status: CaseStatus;
  /** When it was reported, epoch ms (the heat window reads it); absent: now. */
  reportedAt?: number;
}

type AttributeName = keyof PointLayerData['attributes'];
const INITIAL_CAPACITY = 256;

export class CasePointColumns {
  /** Points held. */
  length = 0;
  /** Points that did not fit under maxPoints (from the server's cap and from appends). */
  omitted = 0;
  positions: Float32Array;
  colors: Uint8Array;
  weights: Float32Array;
  private urgency: Uint8Array;
  private state: Uint8Array;
  /** Report times, epoch ms. */
  private reported: Float64Array;
  /** Points reported before this (epoch ms) weigh 0 in the heat (`heatSince`); 0: all weigh. */
  private heatFrom = 0;
  /** The case seq of each row. */
  private seqs: number[] = [];
  private readonly index = new Map<number, number>();
  /** Per attribute: rows written since the layer last took its data, [start, end) or null. */
  private readonly dirty: Record<AttributeName, [number, number] | null> = { getPosition: null, getFillColor: null, getWeight: null };
  private data: PointLayerData;

  constructor(readonly maxPoints: number) {
    if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`maxPoints must be a positive integer, got ${maxPoints}`);
    const capacity = Math.min(INITIAL_CAPACITY, maxPoints);
    this.positions = new Float32Array(2 * capacity);
    this.colors = new Uint8Array(4 * capacity);
    this.weights = new Float32Array(capacity);
    this.urgency = new Uint8Array(capacity);
    this.state = new Uint8Array(capacity);
    this.reported = new Float64Array(capacity);
    this.data = this.freshData();
  }

  get capacity(): number {
    return this.weights.length;
  }

  /** The rows written since the last `layerData()`, per attribute (null: unchanged). */
  get dirtyRanges(): Readonly<Record<AttributeName, [number, number] | null>> {
    return this.dirty;
  }

  /** Replaces everything with a decoded GET /api/map/cases answer (a refetch): arrays are reused where they hold it. */
  load(columns: CaseColumns): void {
    this.length = 0;
    this.seqs = [];
    this.index.clear();
    const n = Math.min(columns.count, this.maxPoints);
    this.omitted = columns.total - n;
    this.reserve(n);
    for (let i = 0; i < n; i++) this.write(i, columns.seq[i]!, columns.lonAt(i), columns.latAt(i), columns.urgency[i]!, columns.state[i]!, columns.timeMs(columns.reported[i]!));
    this.length = n;
    this.markAll(0, n);
  }

  /** Adds new cases (or updates ones already held) in place; past maxPoints they are counted in `omitted`. */
  append(points: readonly LivePoint[]): void {
    for (const p of points) {
      const at = this.index.get(p.seq);
      if (at !== undefined) {
        this.setState(p.seq, p.status);
        continue;
      }
      if (this.length >= this.maxPoints) {
        this.omitted++;
        continue;
      }
      this.reserve(this.length + 1);
      this.write(this.length, p.seq, p.lon, p.lat, urgencyCode(p.urgency), stateCode(p.status), p.reportedAt ?? Date.now());
      this.markAll(this.length, this.length + 1);
      this.length++;
    }
  }

  /**
   * A delta's map section of added cases (columns, caseColumns' codes), in place: held ones take
   * the new state, closed ones are skipped, past maxPoints they are counted in `omitted`.
   */
  appendColumns(added: MapAdded): void {
    const start = this.length;
    for (let k = 0; k < added.seqs.length; k++) {
      const seq = added.seqs[k]!;
      const state = added.state[k]!;
      if (this.index.has(seq)) {
        this.setStateCode(seq, state);
        continue;
      }
      if (CLOSED_STATE_CODES.has(state)) continue;
      if (this.length >= this.maxPoints) {
        this.omitted++;
        continue;
      }
      this.reserve(this.length + 1);
      this.write(this.length, seq, added.lon[k]!, added.lat[k]!, added.urgency[k]!, state, added.reported[k]!);
      this.length++;
    }
    // A removal above may have moved a new row below `start`: it marked that row itself.
    if (this.length > start) this.markAll(start, this.length);
  }

  /** A case's new state (by seq): its colour changes in place; closed or rejected, it leaves (the last point takes its row). Unknown seqs are ignored. */
  setState(seq: number, status: CaseStatus): void {
    this.setStateCode(seq, stateCode(status));
  }

  /** setState with caseColumns' state code. */
  setStateCode(seq: number, code: number): void {
    const i = this.index.get(seq);
    if (i === undefined) return;
    if (CLOSED_STATE_CODES.has(code)) return this.remove(i);
    this.state[i] = code;
    this.colors.set(pointColor(this.urgency[i]!, code), 4 * i);
    this.mark('getFillColor', i, i + 1);
  }

  has(seq: number): boolean {
    return this.index.has(seq);
  }

  /** The case seq of row i (a picked point's index), or null past the rows held. */
  seqAt(i: number): number | null {
    return i >= 0 && i < this.length ? (this.seqs[i] ?? null) : null;
  }

  /** Every case seq held, in row order. */
  seqList(): number[] {
    return this.seqs.slice(0, this.length);
  }

  /**
   * The heat counts only points reported at or after `fromMs` (epoch ms; 0: all): the wall's heat
   * is the last 24 hours of the same columns. Only the weights change, and only if one did.
   */
  heatSince(fromMs: number): void {
    this.heatFrom = fromMs;
    let first = -1;
    let last = -1;
    for (let i = 0; i < this.length; i++) {
      const w = this.weightOf(this.urgency[i]!, this.reported[i]!);
      if (this.weights[i] === w) continue;
      this.weights[i] = w;
      if (first < 0) first = i;
      last = i;
    }
    if (first >= 0) this.mark('getWeight', first, last + 1);
  }

  /**
   * The layer's `data`: the same object while nothing changed (deck.gl then does nothing); after
   * a change, a new object in which only the changed attributes have new descriptors.
   */
  layerData(): PointLayerData {
    const changed = (Object.keys(this.dirty) as AttributeName[]).filter((k) => this.dirty[k] !== null);
    if (changed.length === 0 && this.data.length === this.length) return this.data;
    const attributes = { ...this.data.attributes };
    for (const name of changed) {
      attributes[name] = { ...this.descriptor(name) };
      this.dirty[name] = null;
    }
    this.data = { length: this.length, attributes };
    return this.data;
  }

  private remove(i: number): void {
    const last = this.length - 1;
    this.index.delete(this.seqs[i]!);
    if (i !== last) {
      const seq = this.seqs[last]!;
      this.seqs[i] = seq;
      this.index.set(seq, i);
      this.positions.copyWithin(2 * i, 2 * last, 2 * last + 2);
      this.colors.copyWithin(4 * i, 4 * last, 4 * last + 4);
      this.weights[i] = this.weights[last]!;
      this.urgency[i] = this.urgency[last]!;
      this.state[i] = this.state[last]!;
      this.reported[i] = this.reported[last]!;
      this.markAll(i, i + 1);
    }
    this.seqs.length = last;
    this.length = last;
  }

  private weightOf(urgency: number, reportedMs: number): number {
    return reportedMs < this.heatFrom ? 0 : (URGENCY_WEIGHT[URGENCY_CODES[urgency] as Urgency] ?? 1);
  }

  private write(i: number, seq: number, lon: number, lat: number, urgency: number, state: number, reportedMs: number): void {
    this.seqs[i] = seq;
    this.index.set(seq, i);
    this.positions[2 * i] = lon;
    this.positions[2 * i + 1] = lat;
    this.colors.set(pointColor(urgency, state), 4 * i);
    this.weights[i] = this.weightOf(urgency, reportedMs);
    this.urgency[i] = urgency;
    this.state[i] = state;
    this.reported[i] = reportedMs;
  }

  /** Room for n points: capacity doubles (never past maxPoints); new arrays mean new descriptors for all. */
  private reserve(n: number): void {
    if (n <= this.capacity) return;
    const capacity = Math.min(this.maxPoints, Math.max(n, 2 * this.capacity));
    const grow = <T extends Float32Array | Float64Array | Uint8Array>(old: T, make: (size: number) => T, per: number): T => {
      const next = make(per * capacity);
      next.set(old.subarray(0, per * this.length));
      return next;
    };
    this.positions = grow(this.positions, (s) => new Float32Array(s), 2);
    this.colors = grow(this.colors, (s) => new Uint8Array(s), 4);
    this.weights = grow(this.weights, (s) => new Float32Array(s), 1);
    this.urgency = grow(this.urgency, (s) => new Uint8Array(s), 1);
    this.state = grow(this.state, (s) => new Uint8Array(s), 1);
    this.reported = grow(this.reported, (s) => new Float64Array(s), 1);
    this.markAll(0, this.length);
  }

  private descriptor(name: AttributeName): BinaryAttribute {
    switch (name) {
      case 'getPosition':
        return { value: this.positions, size: 2 };
      case 'getFillColor':
        return { value: this.colors, size: 4, normalized: true };
      case 'getWeight':
        return { value: this.weights, size: 1 };
    }
  }

  private freshData(): PointLayerData {
    return { length: 0, attributes: { getPosition: this.descriptor('getPosition'), getFillColor: this.descriptor('getFillColor'), getWeight: this.descriptor('getWeight') } };
  }

  private mark(name: AttributeName, start: number, end: number): void {
    const d = this.dirty[name];
    this.dirty[name] = d ? [Math.min(d[0], start), Math.max(d[1], end)] : [start, end];
  }

  private markAll(start: number, end: number): void {
    for (const name of Object.keys(this.dirty) as AttributeName[]) this.mark(name, start, end);
  }
}

import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { toLonLat, toQuantized } from '../../../shared/src/city/topology.js';
import type { MultiPolygonCoords } from '../../../shared/src/geo/planar.js';
import type { AreaStaffCounts, Roster } from '../../../shared/src/staff/roster.js';
import { beijingTime } from '../../../shared/src/staff/shifts.js';
import { createRandom } from '../../../shared/src/util/prng.js';

import type { HotSpot, StaffMetrics } from '../../../shared/src/staff/staffMetrics.js';

export type { HotSpot, StaffMetrics };

export interface StaffStateOptions {
  seed?: string;
  /** Patrol speed, metres per second (on foot, with stops). */
  speedMps?: number;
}

/** Patrol cadence: 2.4 m a step at walking pace, finer than the wall can show at district zoom. */
export const STAFF_TICK_MS = 2_000;
const MAX_STEP_S = 60; // a late tick moves a worker at most one minute's walk
const TURN_RAD = 0.8; // heading jitter per tick: a meandering patrol, not a straight line
const M_PER_DEG_LAT = 110_950;
const HOT_SPOTS = 5;
const BEIJING_OFFSET_MS = 8 * 3600_000; // slots are aligned to Beijing midnight

/**
 * Live staffing over the roster: who is on duty now, where they walk, and how many open cases
 * each holds. Workers count once, at their home grid, so every figure adds up from grids to the
 * city.
 *
 * Patrols: an on-duty worker walks a seeded correlated random walk inside one of their grids
 * (chosen when they come on duty), tested against the grid's real polygon from the city
 * topology, in the integer lattice coordinates of the data set (exact containment, as the
 * resolver decides it). A step that would leave the polygon turns and retries, else the worker
 * stands still. They start at the grid's centroid, or at a seeded point inside the polygon for
 * the few cells whose centroid falls outside.
 */
export class StaffState {
  private readonly size: number;
  private readonly onDutyFlag: Uint8Array;
  /** Indexes of on-duty workers: onDutyList[0 .. onDutyCount). */
  private readonly onDutyList: Int32Array;
  private onDutyCount = 0;
  private readonly onDutyByGrid: Int32Array;
  /** Lattice x, y per worker; NaN while off duty. */
  private readonly positions: Float64Array;
  private readonly headings: Float32Array;
  private readonly patrol: Int32Array;
  private readonly openByWorker: Int32Array;
  private readonly openByGrid: Int32Array;
  /** Open case id → worker index: one entry per open case assigned to a worker. */
  private readonly caseOwner = new Map<string, number>();
  /** Grid outlines in the flat form of `flatten`, decoded when a grid first has somebody on patrol. */
  private readonly shapes = new Map<number, Int32Array>();
  private readonly starts: Float64Array;
  private readonly random: () => number;
  private readonly unitMetres: [number, number];
  private readonly speedMps: number;
  /** On-duty states change only on multiples of this many minutes (every shift edge is one). */
  private readonly slotMinutes: number;
  private slot = Number.NaN;
  private lastTick = Number.NaN;
  /**
   * The roster's posts per area, counted once: the roster never changes while the server runs, and
   * counting the city's is a pass over its 16,600 cells (~20 ms) for every snapshot and refresh.
   */
  private readonly posts = new Map<string, AreaStaffCounts | undefined>();
  /** Moves on whenever a metric can change: a new shift slot (the on-duty set), a case assigned or released. */
  private version = 0;
  /**
   * Each area's metrics as of `version`, shared by whoever asks until then: every snapshot, KPI
   * refresh and delta of an area asks, and the city's figures are a pass over its 16,600 cells.
   * Known areas only (at most one entry per node of the city model).
   */
  private readonly figured = new Map<string, { version: number; metrics: StaffMetrics }>();

  constructor(
    private readonly model: CityModel,
    private readonly roster: Roster,
    nowMs: number,
    options: StaffStateOptions = {},
  ) {
    this.size = roster.workers.length;
    this.onDutyFlag = new Uint8Array(this.size);
    this.onDutyList = new Int32Array(this.size);
    this.onDutyByGrid = new Int32Array(roster.gridCount);
    this.positions = new Float64Array(this.size * 2).fill(Number.NaN);
    this.headings = new Float32Array(this.size);
    this.patrol = new Int32Array(this.size);
    this.openByWorker = new Int32Array(this.size);
    this.openByGrid = new Int32Array(roster.gridCount);
    this.starts = new Float64Array(roster.gridCount * 2).fill(Number.NaN);
    this.random = createRandom(`${options.seed ?? 'zhengzhou'}:patrol`);
    this.speedMps = options.speedMps ?? 1.2;
    const { scale } = model.file.transform;
    const lat = model.city.centroid[1];
    this.unitMetres = [scale[0] * M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180), scale[1] * M_PER_DEG_LAT];
    let slot = 1440;
    for (const shift of new Set(roster.workers.map((w) => w.shift))) {
      for (const span of shift.week) if (span) slot = gcd(gcd(slot, span.start), span.end);
    }
    this.slotMinutes = Math.max(1, slot);
    this.sync(nowMs);
    this.lastTick = nowMs;
  }

  /** Brings the on-duty set to `ms` (a no-op within the same shift slot). */
  sync(ms: number): void {
    const slot = Math.floor((ms + BEIJING_OFFSET_MS) / (this.slotMinutes * 60_000));
    if (slot === this.slot) return;
    const { weekday, minute } = beijingTime(ms);
    this.slot = slot;
    this.version++;
    this.onDutyCount = 0;
    this.onDutyByGrid.fill(0);
    const day = Math.floor(ms / 86_400_000);
    for (let i = 0; i < this.size; i++) {
      const on = this.roster.onDutyAt(i, weekday, minute);
      if (on) {
        if (!this.onDutyFlag[i]) this.comeOnDuty(i, day);
        this.onDutyList[this.onDutyCount++] = i;
        this.onDutyByGrid[this.roster.homeGridOf(i)]!++;
      } else if (this.onDutyFlag[i]) {
        this.positions[2 * i] = this.positions[2 * i + 1] = Number.NaN;
      }
      this.onDutyFlag[i] = on ? 1 : 0;
    }
  }

  /** Moves every on-duty worker one step of their patrol: O(on-duty workers), no allocation once warm. */
  tick(nowMs: number): void {
    this.sync(nowMs);
    const dt = Number.isNaN(this.lastTick) ? 0 : Math.min(MAX_STEP_S, Math.max(0, (nowMs - this.lastTick) / 1000));
    this.lastTick = nowMs;
    if (dt === 0) return;
    const metres = this.speedMps * dt;
    const [mx, my] = this.unitMetres;
    for (let k = 0; k < this.onDutyCount; k++) {
      const i = this.onDutyList[k]!;
      const shape = this.shapeOf(this.patrol[i]!);
      const x = this.positions[2 * i]!;
      const y = this.positions[2 * i + 1]!;
      let heading = this.headings[i]! + (this.random() - 0.5) * TURN_RAD;
      for (let attempt = 0; attempt < 4; attempt++) {
        const nx = x + (Math.cos(heading) * metres) / mx;
        const ny = y + (Math.sin(heading) * metres) / my;
        if (containsFlat(shape, nx, ny)) {
          this.positions[2 * i] = nx;
          this.positions[2 * i + 1] = ny;
          break;
        }
        heading = this.random() * 2 * Math.PI; // at the edge: turn somewhere else
      }
      this.headings[i] = heading;
    }
  }

  isOnDuty(workerIndex: number): boolean {
    return this.onDutyFlag[workerIndex] === 1;
  }

  /** [lon, lat] in the data set's datum, or null while off duty. */
  position(workerIndex: number): [number, number] | null {
    const x = this.positions[2 * workerIndex]!;
    if (Number.isNaN(x)) return null;
    const [lon, lat] = toLonLat(this.model.file.transform, [x, this.positions[2 * workerIndex + 1]!]);
    return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
  }

  /** Lattice coordinates (exact containment tests), or null while off duty. */
  latticePosition(workerIndex: number): [number, number] | null {
    const x = this.positions[2 * workerIndex]!;
    return Number.isNaN(x) ? null : [x, this.positions[2 * workerIndex + 1]!];
  }

  /** The grid code the worker patrols this shift. */
  patrolGrid(workerIndex: number): string {
    return this.roster.gridCodes[this.patrol[workerIndex]!]!;
  }

  get onDutyTotal(): number {
    return this.onDutyCount;
  }

  /** Records an open case on a worker (moving it if it was someone else's); false for an unknown worker. */
  assign(caseId: string, workerId: string): boolean {
    const worker = this.roster.byId(workerId);
    if (!worker) return false;
    this.release(caseId);
    this.version++;
    this.caseOwner.set(caseId, worker.index);
    this.openByWorker[worker.index]!++;
    this.openByGrid[this.roster.homeGridOf(worker.index)]!++;
    return true;
  }

  /** Forgets a case (closed, or handed to a unit); false if it was not assigned to a worker. */
  release(caseId: string): boolean {
    const index = this.caseOwner.get(caseId);
    if (index === undefined) return false;
    this.caseOwner.delete(caseId);
    this.version++;
    this.openByWorker[index]!--;
    this.openByGrid[this.roster.homeGridOf(index)]!--;
    return true;
  }

  /** Open cases the worker holds (0 for an unknown id). */
  assigned(workerId: string): number {
    const worker = this.roster.byId(workerId);
    return worker ? this.openByWorker[worker.index]! : 0;
  }

  openCasesOf(workerIndex: number): number {
    return this.openByWorker[workerIndex]!;
  }

  get openCasesTracked(): number {
    return this.caseOwner.size;
  }

  /** Staffing figures of an area at `ms`, or undefined for an unknown area code (shared: not to be changed). */
  metrics(areaCode: string, ms: number): StaffMetrics | undefined {
    const node = this.model.node(areaCode);
    if (!this.posts.has(areaCode)) this.posts.set(areaCode, this.roster.countsFor(areaCode));
    const counts = this.posts.get(areaCode);
    const workers = this.roster.workerRange(areaCode);
    if (!node || !counts || !workers) return undefined;
    this.sync(ms);
    const kept = this.figured.get(areaCode);
    if (kept?.version === this.version) return kept.metrics;
    const { onDuty, open } = this.sums(areaCode);
    const children = node.level === 'grid' ? [] : this.model.children(areaCode);
    const hotSpots: HotSpot[] = [];
    for (const child of children) {
      const s = this.sums(child.code);
      if (s.open > 0) hotSpots.push({ code: child.code, name: child.name, openCases: s.open, onDuty: s.onDuty, openCasesPerOnDutyWorker: s.open / Math.max(1, s.onDuty) });
    }
    hotSpots.sort((a, b) => b.openCasesPerOnDutyWorker - a.openCasesPerOnDutyWorker || b.openCases - a.openCases || (a.code < b.code ? -1 : 1));
    const metrics: StaffMetrics = {
      workers: workers[1] - workers[0],
      onDuty,
      gridsWithoutWorker: counts.gridsWithoutFullTime,
      openCasesAssigned: open,
      openCasesPerOnDutyWorker: onDuty > 0 ? open / onDuty : null,
      hotSpots: hotSpots.slice(0, HOT_SPOTS),
    };
    this.figured.set(areaCode, { version: this.version, metrics });
    return metrics;
  }

  private sums(code: string): { onDuty: number; open: number } {
    const [from, to] = this.roster.gridRange(code) ?? [0, 0];
    let onDuty = 0;
    let open = 0;
    for (let g = from; g < to; g++) {
      onDuty += this.onDutyByGrid[g]!;
      open += this.openByGrid[g]!;
    }
    return { onDuty, open };
  }

  private comeOnDuty(i: number, day: number): void {
    const grids = this.roster.workers[i]!.grids;
    const g = this.roster.indexOfGrid(grids[(day + i) % grids.length]!);
    this.patrol[i] = g;
    this.startOf(g);
    this.positions[2 * i] = this.starts[2 * g]!;
    this.positions[2 * i + 1] = this.starts[2 * g + 1]!;
    this.headings[i] = this.random() * 2 * Math.PI;
  }

  private shapeOf(g: number): Int32Array {
    let shape = this.shapes.get(g);
    if (!shape) {
      const code = this.roster.gridCodes[g]!;
      const rings = this.model.geometry(code);
      if (!rings) throw new Error(`grid ${code} has no geometry`);
      this.shapes.set(g, (shape = flatten(rings)));
    }
    return shape;
  }

  private startOf(g: number): void {
    if (!Number.isNaN(this.starts[2 * g]!)) return;
    const shape = this.shapeOf(g);
    const node = this.model.node(this.roster.gridCodes[g]!)!;
    let [x, y] = toQuantized(this.model.file.transform, node.centroid[0], node.centroid[1]);
    if (!containsFlat(shape, x, y)) {
      // A concave cell: take a seeded point inside instead (its own stream, so order does not matter).
      const random = createRandom(`start:${node.code}`);
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let k = 1 + shape[0]!; k < shape.length; k += 2) {
        minX = Math.min(minX, shape[k]!);
        maxX = Math.max(maxX, shape[k]!);
        minY = Math.min(minY, shape[k + 1]!);
        maxY = Math.max(maxY, shape[k + 1]!);
      }
      for (let attempt = 0; attempt < 10_000; attempt++) {
        const px = minX + random() * (maxX - minX);
        const py = minY + random() * (maxY - minY);
        if (containsFlat(shape, px, py)) {
          [x, y] = [px, py];
          break;
        }
      }
    }
    this.starts[2 * g] = x;
    this.starts[2 * g + 1] = y;
  }
}

/**
 * A multipolygon as one typed array: [ring count, end of ring 0, end of ring 1, ..., x0, y0, x1, y1, ...],
 * ring ends counted in points. About 70 bytes a grid instead of about 600 as nested arrays.
 */
function flatten(shape: MultiPolygonCoords): Int32Array {
  const rings = shape.flat();
  const points = rings.reduce((n, r) => n + r.length, 0);
  const flat = new Int32Array(1 + rings.length + 2 * points);
  flat[0] = rings.length;
  let k = 1 + rings.length;
  let end = 0;
  rings.forEach((ring, r) => {
    flat[1 + r] = end += ring.length;
    for (const [x, y] of ring) {
      flat[k++] = x;
      flat[k++] = y;
    }
  });
  return flat;
}

/** `containsPoint` of shared/src/geo/planar.ts on the flat form: the same even-odd rule and arithmetic. */
function containsFlat(flat: Int32Array, x: number, y: number): boolean {
  const base = 1 + flat[0]!;
  let crossings = 0;
  let start = 0;
  for (let r = 0; r < flat[0]!; r++) {
    const end = flat[1 + r]!;
    for (let i = start; i < end - 1; i++) {
      const px = flat[base + 2 * i]!;
      const py = flat[base + 2 * i + 1]!;
      const qx = flat[base + 2 * i + 2]!;
      const qy = flat[base + 2 * i + 3]!;
      if (py > y !== qy > y) {
        // lower end first, as ringCrossings does, so a shared edge gives both neighbours the same answer
        const low = py < qy;
        const lx = low ? px : qx;
        const ly = low ? py : qy;
        const hx = low ? qx : px;
        const hy = low ? qy : py;
        if ((x - lx) * (hy - ly) < (y - ly) * (hx - lx)) crossings++;
      }
    }
    start = end;
  }
  return (crossings & 1) === 1;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

import Flatbush from 'flatbush';
import type { CityModel } from './cityModel.js';
import type { AreaNode } from './model.js';
import { toQuantized, type Transform } from './topology.js';

/** Bucket side in lattice units (1024 × 2^-20° ≈ 90 × 110 m). */
const BUCKET = 1024;
const OUTSIDE = -1;
const BORDER = -2;

interface BucketGrid {
  minX: number;
  minY: number;
  cols: number;
  rows: number;
  /** Cell wholly covering the bucket, OUTSIDE, or BORDER (then test `candidates`). */
  owner: Int32Array;
  candidateStart: Uint32Array;
  candidates: Int32Array;
}

export type Resolution =
  | { status: 'inside'; grid: string }
  | { status: 'outside'; message: string }
  | { status: 'invalid'; field: 'lon' | 'lat'; message: string };

/** The chain a point resolves to, city first. */
export interface AreaChain {
  city: AreaNode;
  district: AreaNode;
  street: AreaNode;
  community: AreaNode;
  grid: AreaNode;
}

export function checkCoordinate(lon: unknown, lat: unknown): Extract<Resolution, { status: 'invalid' }> | null {
  if (typeof lon !== 'number' || !Number.isFinite(lon)) return { status: 'invalid', field: 'lon', message: 'lon must be a finite number (degrees)' };
  if (typeof lat !== 'number' || !Number.isFinite(lat)) return { status: 'invalid', field: 'lat', message: 'lat must be a finite number (degrees)' };
  if (lon < -180 || lon > 180) return { status: 'invalid', field: 'lon', message: `lon ${lon} is out of range [-180, 180]` };
  if (lat < -90 || lat > 90) return { status: 'invalid', field: 'lat', message: `lat ${lat} is out of range [-90, 90]` };
  return null;
}

/**
 * Point → grid cell. Grid cells tile the city, so the cell determines the whole chain (its code
 * nests district, street and community). Cells are packed into flat arrays and indexed by their
 * bounding boxes (flatbush); containment is the even-odd rule on the integer lattice, with the
 * same arithmetic as `containsPoint`, so a point on a shared edge lands in exactly one cell.
 */
export class AreaResolver {
  private readonly index: Flatbush;
  private readonly coords: Float64Array;
  /** Vertex offset of each ring (rings are closed); one extra entry at the end. */
  private readonly ringOffsets: Uint32Array;
  /** Ring offset of each cell; one extra entry at the end. */
  private readonly cellRings: Uint32Array;
  private readonly codes: string[];
  /** Empty until built: lookups during the build go through the flatbush index. */
  private buckets: BucketGrid = { minX: 0, minY: 0, cols: 0, rows: 0, owner: new Int32Array(0), candidateStart: new Uint32Array(1), candidates: new Int32Array(0) };
  private found = -1;

  constructor(
    private readonly transform: Transform,
    cells: { code: string; rings: [number, number][][][] }[],
  ) {
    let vertexCount = 0;
    let ringCount = 0;
    for (const c of cells) {
      for (const poly of c.rings) {
        for (const ring of poly) {
          vertexCount += ring.length;
          ringCount++;
        }
      }
    }
    this.coords = new Float64Array(vertexCount * 2);
    this.ringOffsets = new Uint32Array(ringCount + 1);
    this.cellRings = new Uint32Array(cells.length + 1);
    this.codes = cells.map((c) => c.code);
    this.index = new Flatbush(Math.max(1, cells.length));
    let v = 0;
    let r = 0;
    cells.forEach((cell, i) => {
      this.cellRings[i] = r;
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const poly of cell.rings)
        for (const ring of poly) {
          this.ringOffsets[r++] = v;
          for (const [x, y] of ring) {
            this.coords[2 * v] = x;
            this.coords[2 * v + 1] = y;
            v++;
            if (x < minX) minX = x;
            if (y < minY) minY = y;
            if (x > maxX) maxX = x;
            if (y > maxY) maxY = y;
          }
        }
      this.index.add(minX, minY, maxX, maxY);
    });
    this.ringOffsets[r] = v;
    this.cellRings[cells.length] = r;
    if (cells.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
    this.buckets = this.buildBuckets();
  }

  static fromModel(model: CityModel): AreaResolver {
    const cells = model.nodesAt('grid').map((n) => ({ code: n.code, rings: model.geometry(n.code) ?? [] }));
    return new AreaResolver(model.file.transform, cells);
  }

  get size(): number {
    return this.codes.length;
  }

  /** Grid code containing (lon, lat), or null outside the city. Inputs must be valid numbers. */
  locate(lon: number, lat: number): string | null {
    const [x, y] = toQuantized(this.transform, lon, lat);
    const cell = this.cellAt(x, y);
    return cell < 0 ? null : this.codes[cell]!;
  }

  /**
   * Most points fall in a bucket that no cell border crosses: the answer is stored there. The
   * rest test only the cells whose borders cross their bucket.
   */
  private cellAt(x: number, y: number): number {
    const b = this.buckets;
    const col = Math.floor((x - b.minX) / BUCKET);
    const row = Math.floor((y - b.minY) / BUCKET);
    if (col >= 0 && row >= 0 && col < b.cols && row < b.rows) {
      const k = row * b.cols + col;
      const owner = b.owner[k]!;
      if (owner !== BORDER) return owner;
      for (let j = b.candidateStart[k]!, end = b.candidateStart[k + 1]!; j < end; j++) {
        const cell = b.candidates[j]!;
        if (this.contains(cell, x, y)) return cell;
      }
      return OUTSIDE;
    }
    this.found = OUTSIDE;
    this.index.collides(x, y, x, y, (i) => {
      if (!this.contains(i, x, y)) return false;
      this.found = i;
      return true;
    });
    return this.found;
  }

  /** Buckets crossed by each cell's border (conservatively, with a one-unit margin). */
  private forEachBorderBucket(cell: number, grid: { minX: number; minY: number; cols: number; rows: number }, visit: (k: number) => void): void {
    const c = this.coords;
    for (let r = this.cellRings[cell]!, rEnd = this.cellRings[cell + 1]!; r < rEnd; r++) {
      for (let i = this.ringOffsets[r]!, end = this.ringOffsets[r + 1]! - 1; i < end; i++) {
        let x0 = c[2 * i]! - grid.minX;
        let y0 = c[2 * i + 1]! - grid.minY;
        let x1 = c[2 * i + 2]! - grid.minX;
        let y1 = c[2 * i + 3]! - grid.minY;
        if (x1 < x0) [x0, y0, x1, y1] = [x1, y1, x0, y0];
        const c0 = Math.max(0, Math.floor((x0 - 1) / BUCKET));
        const c1 = Math.min(grid.cols - 1, Math.floor((x1 + 1) / BUCKET));
        for (let col = c0; col <= c1; col++) {
          const xa = Math.max(x0, col * BUCKET);
          const xb = Math.min(x1, (col + 1) * BUCKET);
          const ya = x1 === x0 ? y0 : y0 + ((y1 - y0) * (xa - x0)) / (x1 - x0);
          const yb = x1 === x0 ? y1 : y0 + ((y1 - y0) * (xb - x0)) / (x1 - x0);
          const r0 = Math.max(0, Math.floor((Math.min(ya, yb) - 1) / BUCKET));
          const r1 = Math.min(grid.rows - 1, Math.floor((Math.max(ya, yb) + 1) / BUCKET));
          for (let row = r0; row <= r1; row++) visit(row * grid.cols + col);
        }
      }
    }
  }

  private buildBuckets(): BucketGrid {
    const bounds = { minX: this.index.minX, minY: this.index.minY, maxX: this.index.maxX, maxY: this.index.maxY };
    const minX = Math.floor(bounds.minX) - BUCKET;
    const minY = Math.floor(bounds.minY) - BUCKET;
    const cols = Math.max(1, Math.ceil((bounds.maxX - minX) / BUCKET) + 1);
    const rows = Math.max(1, Math.ceil((bounds.maxY - minY) / BUCKET) + 1);
    const grid = { minX, minY, cols, rows };
    const n = cols * rows;
    const stamp = new Int32Array(n).fill(-1);
    const count = new Uint32Array(n + 1);
    for (let cell = 0; cell < this.codes.length; cell++) {
      this.forEachBorderBucket(cell, grid, (k) => {
        if (stamp[k] === cell) return;
        stamp[k] = cell;
        count[k] = count[k]! + 1;
      });
    }
    const candidateStart = new Uint32Array(n + 1);
    for (let k = 0; k < n; k++) candidateStart[k + 1] = candidateStart[k]! + count[k]!;
    const candidates = new Int32Array(candidateStart[n]!);
    const fill = candidateStart.slice(0, n);
    stamp.fill(-1);
    for (let cell = 0; cell < this.codes.length; cell++) {
      this.forEachBorderBucket(cell, grid, (k) => {
        if (stamp[k] === cell) return;
        stamp[k] = cell;
        candidates[fill[k]!] = cell;
        fill[k] = fill[k]! + 1;
      });
    }
    // A bucket no border crosses lies wholly in one cell, or wholly outside: its centre decides.
    const owner = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      if (count[k]! > 0) owner[k] = BORDER;
      else owner[k] = this.cellAt(minX + ((k % cols) + 0.5) * BUCKET, minY + (Math.floor(k / cols) + 0.5) * BUCKET);
    }
    return { minX, minY, cols, rows, owner, candidateStart, candidates };
  }

  resolve(lon: unknown, lat: unknown): Resolution {
    const invalid = checkCoordinate(lon, lat);
    if (invalid) return invalid;
    const grid = this.locate(lon as number, lat as number);
    if (grid === null) return { status: 'outside', message: `(${lon}, ${lat}) lies outside the city` };
    return { status: 'inside', grid };
  }

  private contains(cell: number, x: number, y: number): boolean {
    const c = this.coords;
    let crossings = 0;
    for (let r = this.cellRings[cell]!, rEnd = this.cellRings[cell + 1]!; r < rEnd; r++) {
      for (let i = this.ringOffsets[r]!, end = this.ringOffsets[r + 1]! - 1; i < end; i++) {
        const py = c[2 * i + 1]!;
        const qy = c[2 * i + 3]!;
        if (py > y !== qy > y) {
          const px = c[2 * i]!;
          const qx = c[2 * i + 2]!;
          const lower = py < qy;
          const lx = lower ? px : qx;
          const ly = lower ? py : qy;
          const hx = lower ? qx : px;
          const hy = lower ? qy : py;
          if ((x - lx) * (hy - ly) < (y - ly) * (hx - lx)) crossings++;
        }
      }
    }
    return (crossings & 1) === 1;
  }
}

/** The full chain for a grid code. */
export function chainOf(model: CityModel, grid: string): AreaChain {
  const node = (code: string) => {
    const n = model.node(code);
    if (!n) throw new Error(`unknown area ${code}`);
    return n;
  };
  return {
    city: model.city,
    district: node(grid.slice(0, 6)),
    street: node(grid.slice(0, 9)),
    community: node(grid.slice(0, 12)),
    grid: node(grid),
  };
}

import { levelOfCode } from '../../../../shared/src/city/codes.js';
import { areaDetailUrl } from '../../api/areaDetailFetch.js';
import { bboxOf, ringCrossings, type Ring } from '../../../../shared/src/geo/planar.js';
import { isRecord } from '../../api/isRecord.js';

/** What the map draws of a building (楼栋) of GET /api/areas/<grid code>'s children. */
export interface GridBuilding {
  code: string;
  name: string;
  households: number;
  floors: number;
  /** Closed ring [lon, lat]. */
  footprint: Ring;
  centroid: [number, number];
}

/** Buildings are served with a grid cell only: a larger area has none to fetch. */
export function buildingsUrl(area: string | null): string | null {
  if (area === null || !/^\d{15}$/.test(area) || levelOfCode(area) !== 'grid') return null;
  return areaDetailUrl(area);
}

const isPosition = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n));
/** The server's building codes have three digits for the building (shared/src/city/buildings.ts MAX_BUILDINGS). */
const MAX_BUILDINGS = 999;

/** Parses the buildings out of GET /api/areas/<grid code> (the server contract; parsed, not trusted). */
export function parseGridBuildings(json: unknown, url: string): GridBuilding[] {
  const what = `GET ${url}`;
  if (!isRecord(json) || !Array.isArray(json.children)) throw new Error(`${what} is not what the client expects: no children`);
  if (json.children.length > MAX_BUILDINGS) throw new Error(`${what} lists ${json.children.length} buildings, more than a grid cell holds (${MAX_BUILDINGS})`);
  return json.children.map((c: unknown, i) => {
    if (
      !isRecord(c) ||
      c.level !== 'building' ||
      typeof c.code !== 'string' ||
      typeof c.name !== 'string' ||
      typeof c.households !== 'number' ||
      typeof c.floors !== 'number' ||
      !isPosition(c.centroid) ||
      !Array.isArray(c.footprint) ||
      c.footprint.length < 4 ||
      !c.footprint.every(isPosition)
    ) {
      throw new Error(`${what}: child ${i} is not a building with a code, name, households, floors, centroid and footprint`);
    }
    return { code: c.code, name: c.name, households: c.households, floors: c.floors, footprint: c.footprint as Ring, centroid: c.centroid };
  });
}

/** Buckets per side of the index over the buildings' joint box: a few buildings per bucket in a dense cell. */
const INDEX_SIDE = 16;

/**
 * How many of the points (`positions`: lon, lat pairs, `stride` numbers apart) lie in each
 * building's footprint, in the buildings' order. A point costs one bucket lookup in a 16×16 index
 * of the footprints' boxes; the ring test runs only for the boxes of its bucket that hold it.
 */
export function casesInFootprints(buildings: readonly GridBuilding[], positions: ArrayLike<number>, length: number, stride = 2): Uint32Array {
  const counts = new Uint32Array(buildings.length);
  if (buildings.length === 0 || length === 0) return counts;
  const boxes = buildings.map(({ footprint }) => bboxOf([[footprint]]));
  const all = boxes.reduce((a, b) => ({ minX: Math.min(a.minX, b.minX), minY: Math.min(a.minY, b.minY), maxX: Math.max(a.maxX, b.maxX), maxY: Math.max(a.maxY, b.maxY) }));
  const w = (all.maxX - all.minX) / INDEX_SIDE || 1;
  const h = (all.maxY - all.minY) / INDEX_SIDE || 1;
  const col = (x: number) => Math.min(INDEX_SIDE - 1, Math.floor((x - all.minX) / w));
  const row = (y: number) => Math.min(INDEX_SIDE - 1, Math.floor((y - all.minY) / h));
  const buckets: number[][] = Array.from({ length: INDEX_SIDE * INDEX_SIDE }, () => []);
  boxes.forEach((box, b) => {
    for (let r = row(box.minY); r <= row(box.maxY); r++) for (let c = col(box.minX); c <= col(box.maxX); c++) buckets[r * INDEX_SIDE + c]!.push(b);
  });
  for (let p = 0; p < length; p++) {
    const x = positions[p * stride]!;
    const y = positions[p * stride + 1]!;
    if (!(x >= all.minX && x <= all.maxX && y >= all.minY && y <= all.maxY)) continue;
    for (const b of buckets[row(y) * INDEX_SIDE + col(x)]!) {
      const box = boxes[b]!;
      if (x < box.minX || x > box.maxX || y < box.minY || y > box.maxY) continue;
      if ((ringCrossings(buildings[b]!.footprint, x, y) & 1) === 1) {
        counts[b]!++;
        break; // footprints do not overlap (generateBuildings spaces them apart)
      }
    }
  }
  return counts;
}

/** Lower bounds of the colour classes of a building's case count: 0, 1, 2–4, 5 or more. */
export const BUILDING_CLASS_FROM = [0, 1, 2, 5] as const;

/** The class (index into BUILDING_CLASS_FROM) of a case count. */
export function buildingClass(count: number): number {
  let k = 0;
  for (let i = 0; i < BUILDING_CLASS_FROM.length; i++) if (count >= BUILDING_CLASS_FROM[i]!) k = i;
  return k;
}

/** The classes' labels for a legend: "0", "1", "2–4", "≥5". */
export function buildingClassLabels(): string[] {
  return BUILDING_CLASS_FROM.map((from, i) => {
    const next = BUILDING_CLASS_FROM[i + 1];
    if (next === undefined) return `≥${from}`;
    return next - 1 === from ? String(from) : `${from}–${next - 1}`;
  });
}

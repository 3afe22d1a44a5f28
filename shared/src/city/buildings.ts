import { containsPoint, type MultiPolygonCoords, type Position } from '../geo/planar.js';
import { createRandom } from '../util/prng.js';
import { childCode } from './codes.js';
import type { AreaType } from './levels.js';
import type { AreaNode } from './model.js';

/** 楼栋: the sixth level, generated per grid cell on request (deterministic from the cell's code). */
export interface Building extends AreaNode {
  level: 'building';
  /** Closed ring [lon, lat]: a rotated rectangle. */
  footprint: Position[];
  floors: number;
}

interface Kind {
  householdsPerBuilding: [number, number];
  /** footprint in metres: length, depth */
  size: [number, number];
  floors: [number, number];
  suffix: string;
}

const KINDS: Record<AreaType, Kind> = {
  urban: { householdsPerBuilding: [48, 120], size: [60, 14], floors: [6, 26], suffix: '号楼' },
  fringe: { householdsPerBuilding: [12, 36], size: [28, 12], floors: [3, 7], suffix: '号楼' },
  rural: { householdsPerBuilding: [2, 4], size: [16, 12], floors: [1, 3], suffix: '号院' },
};

const MAX_BUILDINGS = 999; // the code has three digits for the building
const M_PER_DEG_LAT = 110_950;

/**
 * Places a cell's buildings inside its polygon (lon/lat), spaced apart, with households spread
 * over them. Same cell, same buildings, on every call and every machine.
 */
export function generateBuildings(grid: AreaNode, shape: MultiPolygonCoords): Building[] {
  if (grid.level !== 'grid') throw new Error(`buildings belong to grid cells, not ${grid.level} ${grid.code}`);
  const kind = KINDS[grid.areaType];
  const random = createRandom(`buildings:${grid.code}`);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const target = Math.min(MAX_BUILDINGS, Math.max(1, Math.round(grid.households / between(...kind.householdsPerBuilding))));
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((grid.centroid[1] * Math.PI) / 180);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of shape)
    for (const [x, y] of poly[0] ?? []) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  const angle = between(0, Math.PI / 2); // one street orientation per cell, as in a planned block
  const [length, depth] = kind.size;
  const spacing = Math.max(length, depth) * 1.2; // metres between building centres
  const placed: Position[] = [];
  for (let attempt = 0; attempt < target * 60 && placed.length < target; attempt++) {
    const p: Position = [between(minX, maxX), between(minY, maxY)];
    if (!containsPoint(shape, p[0], p[1])) continue;
    const clear = placed.every(([x, y]) => Math.hypot((x - p[0]) * mPerDegLon, (y - p[1]) * M_PER_DEG_LAT) >= spacing);
    if (clear) placed.push(p);
  }
  if (placed.length === 0) placed.push(grid.centroid);
  const footprint = ([cx, cy]: Position): Position[] => {
    const corners: Position[] = [
      [-length / 2, -depth / 2],
      [length / 2, -depth / 2],
      [length / 2, depth / 2],
      [-length / 2, depth / 2],
    ].map(([dx, dy]) => {
      const rx = dx! * Math.cos(angle) - dy! * Math.sin(angle);
      const ry = dx! * Math.sin(angle) + dy! * Math.cos(angle);
      return [round7(cx + rx / mPerDegLon), round7(cy + ry / M_PER_DEG_LAT)];
    });
    return [...corners, corners[0]!];
  };
  const share = (total: number, i: number) => Math.floor(total / placed.length) + (i < total % placed.length ? 1 : 0);
  return placed.map((p, i) => ({
    code: childCode(grid.code, i + 1),
    name: `${i + 1}${kind.suffix}`,
    level: 'building',
    parent: grid.code,
    areaType: grid.areaType,
    households: share(grid.households, i),
    population: share(grid.population, i),
    areaKm2: (length * depth) / 1e6,
    centroid: [round7(p[0]), round7(p[1])],
    footprint: footprint(p),
    floors: Math.round(between(...kind.floors)),
  }));
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

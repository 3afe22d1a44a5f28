/**
 * Planar geometry on rings of [x, y] pairs. Rings are closed (first point repeated last), as in
 * GeoJSON. Used by the fixture build, the resolver and the tests alike, so that every consumer
 * decides containment with exactly the same arithmetic.
 */
export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

/** Signed shoelace area: positive for counter-clockwise rings. */
export function signedRingArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

/** Area of a multipolygon: outer rings minus holes (orientation-independent). */
export function multiPolygonArea(mp: MultiPolygonCoords): number {
  let total = 0;
  for (const polygon of mp) {
    polygon.forEach((ring, i) => {
      const a = Math.abs(signedRingArea(ring));
      total += i === 0 ? a : -a;
    });
  }
  return total;
}

/**
 * Even-odd crossing test of one ring. Each edge is evaluated with its endpoints in a canonical
 * order (lower y first), so two polygons sharing an edge compute the same crossing and a point on
 * the shared edge belongs to exactly one of them.
 */
export function ringCrossings(ring: Ring, x: number, y: number): number {
  let crossings = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    const p = ring[i]!;
    const q = ring[i + 1]!;
    if (p[1] > y !== q[1] > y) {
      const [lo, hi] = p[1] < q[1] ? [p, q] : [q, p];
      if ((x - lo[0]) * (hi[1] - lo[1]) < (y - lo[1]) * (hi[0] - lo[0])) crossings++;
    }
  }
  return crossings;
}

/** Point in (multi)polygon by the even-odd rule over all rings of all parts. */
export function containsPoint(mp: MultiPolygonCoords, x: number, y: number): boolean {
  let crossings = 0;
  for (const polygon of mp) for (const ring of polygon) crossings += ringCrossings(ring, x, y);
  return (crossings & 1) === 1;
}

export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function bboxOf(mp: MultiPolygonCoords): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of mp) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return { minX, minY, maxX, maxY };
}

/** Area-weighted centroid of the largest part (a label point that is stable across builds). */
export function centroidOf(mp: MultiPolygonCoords): Position {
  let best: PolygonCoords | undefined;
  let bestArea = -1;
  for (const polygon of mp) {
    const a = Math.abs(signedRingArea(polygon[0] ?? []));
    if (a > bestArea) {
      bestArea = a;
      best = polygon;
    }
  }
  const ring = best?.[0] ?? [];
  let cx = 0;
  let cy = 0;
  let a2 = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const p = ring[i]!;
    const q = ring[i + 1]!;
    const cross = p[0] * q[1] - q[0] * p[1];
    a2 += cross;
    cx += (p[0] + q[0]) * cross;
    cy += (p[1] + q[1]) * cross;
  }
  if (a2 === 0) return ring[0] ?? [0, 0];
  return [cx / (3 * a2), cy / (3 * a2)];
}

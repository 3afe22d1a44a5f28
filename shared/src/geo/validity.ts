import { signedRingArea, type MultiPolygonCoords, type Position, type Ring } from './planar.js';

/**
 * Problems that make a polygon invalid (OGC simple features): open or degenerate rings, repeated
 * points, zero area, and edges that cross or overlap each other. Touching at a vertex is allowed.
 * Empty result = valid.
 */
export function polygonProblems(mp: MultiPolygonCoords): string[] {
  const problems: string[] = [];
  if (mp.length === 0) return ['no parts'];
  mp.forEach((poly, pi) => {
    poly.forEach((ring, ri) => {
      const where = `part ${pi} ring ${ri}`;
      if (ring.length < 4) problems.push(`${where}: fewer than 4 points`);
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) problems.push(`${where}: not closed`);
      for (let i = 1; i < ring.length; i++) {
        if (ring[i]![0] === ring[i - 1]![0] && ring[i]![1] === ring[i - 1]![1]) problems.push(`${where}: repeated point ${i}`);
      }
      if (signedRingArea(ring) === 0) problems.push(`${where}: zero area`);
    });
    const crossing = firstEdgeConflict(poly);
    if (crossing) problems.push(`part ${pi}: ${crossing}`);
  });
  return problems;
}

type Edge = { a: Position; b: Position; ring: number; index: number; size: number };

function orient(p: Position, q: Position, r: Position): number {
  const v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(p: Position, q: Position, r: Position): boolean {
  return Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
}

const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];

/** Edges of one polygon that cross, or run along each other; sweep over x-sorted edges. */
function firstEdgeConflict(rings: Ring[]): string | null {
  const edges: Edge[] = [];
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++) edges.push({ a: ring[i]!, b: ring[i + 1]!, ring: r, index: i, size: ring.length - 1 });
  });
  edges.sort((e, f) => Math.min(e.a[0], e.b[0]) - Math.min(f.a[0], f.b[0]));
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    const maxX = Math.max(e.a[0], e.b[0]);
    for (let j = i + 1; j < edges.length; j++) {
      const f = edges[j]!;
      if (Math.min(f.a[0], f.b[0]) > maxX) break;
      const adjacent = e.ring === f.ring && (Math.abs(e.index - f.index) === 1 || Math.abs(e.index - f.index) === e.size - 1);
      const o1 = orient(e.a, e.b, f.a);
      const o2 = orient(e.a, e.b, f.b);
      const o3 = orient(f.a, f.b, e.a);
      const o4 = orient(f.a, f.b, e.b);
      if (o1 * o2 < 0 && o3 * o4 < 0) return `edges cross (ring ${e.ring} #${e.index}, ring ${f.ring} #${f.index})`;
      // Collinear overlap of more than a point.
      if (o1 === 0 && o2 === 0) {
        const shared = [f.a, f.b].filter((p) => onSegment(e.a, e.b, p) && !same(p, e.a) && !same(p, e.b)).length +
          [e.a, e.b].filter((p) => onSegment(f.a, f.b, p) && !same(p, f.a) && !same(p, f.b)).length;
        if (shared > 0 || (same(e.a, f.a) && same(e.b, f.b)) || (same(e.a, f.b) && same(e.b, f.a))) {
          return `edges overlap (ring ${e.ring} #${e.index}, ring ${f.ring} #${f.index})`;
        }
      }
      // A vertex lying inside another edge (T-junction) pinches the ring.
      if (!adjacent) {
        for (const p of [f.a, f.b]) if (o1 === 0 && p === f.a && onSegment(e.a, e.b, p) && !same(p, e.a) && !same(p, e.b)) return `vertex on edge (ring ${f.ring} #${f.index})`;
      }
    }
  }
  return null;
}

import type { MultiPolygonCoords, Position, Ring } from '../geo/planar.js';

/**
 * The city's geometry travels as quantized TopoJSON: every file shares one transform, so a
 * vertex has the same integer coordinates in every file and at every level, and shared borders are
 * shared exactly. Containment is decided on those integers (exact arithmetic).
 */
export interface Transform {
  scale: [number, number];
  translate: [number, number];
}

export interface TopoGeometry {
  type: 'Polygon' | 'MultiPolygon';
  id: string;
  arcs: number[][] | number[][][];
  properties?: { name?: string };
}

export interface CityTopology {
  type: 'Topology';
  transform: Transform;
  objects: Record<string, { type: 'GeometryCollection'; geometries: TopoGeometry[] }>;
  /** Delta-encoded quantized arcs, as in the TopoJSON specification. */
  arcs: [number, number][][];
}

/** Undoes the delta encoding: absolute integer coordinates per arc. */
export function decodeArcs(topology: CityTopology): Position[][] {
  return topology.arcs.map((_, index) => decodeArc(topology, index));
}

/** Absolute integer coordinates of one arc (delta decoding just that arc). */
export function decodeArc(topology: CityTopology, index: number): Position[] {
  const arc = topology.arcs[index];
  if (!arc) throw new Error(`topology references missing arc ${index}`);
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x, y] as Position;
  });
}

function ringFromArcs(arcAt: (index: number) => Position[], indices: number[]): Ring {
  const ring: Ring = [];
  for (const index of indices) {
    const arc = index < 0 ? [...arcAt(~index)].reverse() : arcAt(index);
    arc.forEach((p, i) => {
      if (i > 0 || ring.length === 0) ring.push(p);
    });
  }
  return ring;
}

/** A polygon or multipolygon geometry as rings of integer coordinates. */
export function geometryRings(arcs: Position[][] | ((index: number) => Position[]), geometry: TopoGeometry): MultiPolygonCoords {
  const arcAt =
    typeof arcs === 'function'
      ? arcs
      : (index: number) => {
          const arc = arcs[index];
          if (!arc) throw new Error(`topology references missing arc ${index}`);
          return arc;
        };
  const parts = geometry.type === 'Polygon' ? [geometry.arcs as number[][]] : (geometry.arcs as number[][][]);
  return parts.map((rings) => rings.map((ring) => ringFromArcs(arcAt, ring)));
}

/** Integer coordinates → lon/lat. */
export function toLonLat(transform: Transform, [x, y]: Position): Position {
  return [x * transform.scale[0] + transform.translate[0], y * transform.scale[1] + transform.translate[1]];
}

/** lon/lat → the (fractional) integer plane, for containment tests. */
export function toQuantized(transform: Transform, lon: number, lat: number): Position {
  return [(lon - transform.translate[0]) / transform.scale[0], (lat - transform.translate[1]) / transform.scale[1]];
}

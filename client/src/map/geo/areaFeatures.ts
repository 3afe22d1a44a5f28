import type { Feature, MultiPolygon } from 'geojson';
import { decodeArcs, geometryRings, toLonLat, type CityTopology } from '../../../../shared/src/city/topology.js';
import { bboxOf, centroidOf, type Position } from '../../../../shared/src/geo/planar.js';
import type { LonLatBox } from './lonLatBox.js';

export interface AreaProps {
  code: string;
  name: string;
  bbox: LonLatBox;
  /** Label point [lon, lat]: centroid of the largest part, computed on the integer grid. */
  anchor: Position;
}

export type AreaFeature = Feature<MultiPolygon, AreaProps>;

/**
 * Turns one named object of a city topology into GeoJSON features with a label anchor and bounds.
 * Pass `arcs` when converting several objects of one file, so the arcs are decoded once.
 */
export function topologyAreas(
  topology: CityTopology,
  objectName: string,
  arcs: Position[][] = decodeArcs(topology),
): AreaFeature[] {
  const collection = topology.objects[objectName];
  if (!collection) {
    const known = Object.keys(topology.objects).join(', ');
    throw new Error(`topology has no object "${objectName}" (it has: ${known || 'none'})`);
  }
  const { transform } = topology;
  return collection.geometries.map((geometry) => {
    if (typeof geometry.id !== 'string') throw new Error(`a geometry of "${objectName}" has no string id`);
    const rings = geometryRings(arcs, geometry);
    const box = bboxOf(rings);
    const [west, south] = toLonLat(transform, [box.minX, box.minY]);
    const [east, north] = toLonLat(transform, [box.maxX, box.maxY]);
    return {
      type: 'Feature',
      id: geometry.id,
      properties: {
        code: geometry.id,
        name: geometry.properties?.name ?? geometry.id,
        bbox: { west, south, east, north },
        anchor: toLonLat(transform, centroidOf(rings)),
      },
      geometry: {
        type: 'MultiPolygon',
        coordinates: rings.map((polygon) => polygon.map((ring) => ring.map((p) => toLonLat(transform, p)))),
      },
    };
  });
}

/** The bounds of several features together, or null for none. */
export function unionBox(features: readonly AreaFeature[]): LonLatBox | null {
  let box: LonLatBox | null = null;
  for (const { properties: { bbox } } of features) {
    box = box
      ? {
          west: Math.min(box.west, bbox.west),
          south: Math.min(box.south, bbox.south),
          east: Math.max(box.east, bbox.east),
          north: Math.max(box.north, bbox.north),
        }
      : { ...bbox };
  }
  return box;
}

import { PolygonLayer } from '@deck.gl/layers';
import type { Rgba } from '../../theme.js';
import { BUILDING_COLORS, type MapTone } from './buildingColors.js';
import { buildingClass, type GridBuilding } from './gridBuildings.js';

export const BUILDING_LAYER_ID = 'grid-buildings';

const OUTLINE: Record<MapTone, Rgba> = { dark: [235, 228, 255, 200], light: [50, 30, 90, 200] };

export interface BuildingLayerInput {
  buildings: readonly GridBuilding[];
  /** Cases whose point lies in each building's footprint, in the buildings' order (casesInFootprints). */
  counts: Uint32Array;
  /** Changes when the counts do (updateTriggers). */
  countsKey: string;
}

/** A grid cell's buildings as footprints, coloured by the cases in each. */
export function buildingLayer({ buildings, counts, countsKey }: BuildingLayerInput, tone: MapTone): PolygonLayer<GridBuilding> {
  const colors = BUILDING_COLORS[tone];
  const index = new Map(buildings.map((b, i) => [b, i]));
  return new PolygonLayer<GridBuilding>({
    id: BUILDING_LAYER_ID,
    data: buildings as GridBuilding[],
    visible: buildings.length > 0,
    getPolygon: (b) => b.footprint,
    filled: true,
    stroked: true,
    getFillColor: (b) => colors[buildingClass(counts[index.get(b) ?? -1] ?? 0)]!,
    getLineColor: OUTLINE[tone],
    getLineWidth: 1,
    lineWidthUnits: 'pixels',
    updateTriggers: { getFillColor: [countsKey, tone] },
  });
}

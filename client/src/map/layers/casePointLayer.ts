import { COORDINATE_SYSTEM } from '@deck.gl/core';
import type { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { ScatterplotLayer } from '@deck.gl/layers';
import { CaseHeatmapLayer } from './caseHeatmapLayer.js';
import type { PointLayerData } from './caseColumns.js';

// Layers of an area's whole case load (GET /api/map/cases, CasePointColumns), drawn from binary
// attributes: no accessor runs per point, and a refetch or a live change uploads only the
// attributes it touched. Sizes in screen pixels.

export const CASE_COLUMN_POINTS_ID = 'case-columns-points';
export const CASE_COLUMN_HEAT_ID = 'case-columns-heat';

/** Every point of the area, coloured by urgency (hue) and state (opacity). */
export function casePointLayer(data: PointLayerData, visible: boolean): ScatterplotLayer {
  return new ScatterplotLayer({
    id: CASE_COLUMN_POINTS_ID,
    data,
    visible,
    coordinateSystem: COORDINATE_SYSTEM.LNGLAT,
    radiusUnits: 'pixels',
    getRadius: 3,
    stroked: false,
    // getPosition and getFillColor come from data.attributes.
  });
}

/** Density of the same points, weighted by urgency (data.attributes.getWeight). */
export function caseHeatLayer(data: PointLayerData, visible: boolean): HeatmapLayer {
  return new CaseHeatmapLayer({
    id: CASE_COLUMN_HEAT_ID,
    data,
    visible,
    radiusPixels: 40,
    intensity: 1,
    threshold: 0.05,
    opacity: 0.5,
  });
}

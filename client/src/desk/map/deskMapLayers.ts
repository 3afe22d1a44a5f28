import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { AreaFeature, AreaProps } from '../../map/geo/areaFeatures.js';
import { districtLayer, highlightLayer } from '../../map/layers/areaLayers.js';
import { labelLayer } from '../../map/layers/labelLayer.js';
import type { PointLayerData } from '../../map/layers/caseColumns.js';
import { CASE_COLUMN_POINTS_ID, caseHeatLayer, casePointLayer } from '../../map/layers/casePointLayer.js';
import { darkTheme, type Rgba, type WallTheme } from '../../theme.js';

/** The desk's map on a light page: the wall's colours, darker lines on a pale ground. */
export const lightMapTheme: WallTheme = {
  ...darkTheme,
  background: '#eef2f6',
  cityFill: [250, 251, 253, 255],
  cityLine: [60, 110, 170, 255],
  districtLine: [190, 120, 20, 230],
  streetLine: [120, 130, 150, 160],
  communityLine: [20, 140, 120, 170],
  gridLine: [0, 120, 160, 110],
  highlightFill: [0, 0, 0, 0],
  highlightLine: [220, 60, 40, 255],
  labelDistrict: [40, 40, 40, 255],
  labelStreet: [40, 50, 70, 255],
  labelCommunity: [30, 70, 60, 255],
  labelOutline: [255, 255, 255, 255],
};

export const deskMapTheme = (theme: 'light' | 'dark'): WallTheme => (theme === 'dark' ? { ...darkTheme, highlightFill: [0, 0, 0, 0] } : lightMapTheme);

/** Five classes of a child's share of the largest child's count, pale to deep blue. */
const CLASS_COLORS: readonly Rgba[] = [
  [222, 235, 247, 200],
  [158, 202, 225, 210],
  [107, 174, 214, 220],
  [49, 130, 189, 230],
  [8, 81, 156, 240],
];

export function childColor(count: number, max: number): Rgba {
  if (count <= 0 || max <= 0) return [200, 200, 200, 60];
  return CLASS_COLORS[Math.min(CLASS_COLORS.length - 1, Math.floor((count / max) * CLASS_COLORS.length))]!;
}

export interface DeskLayerInput {
  districts: readonly AreaFeature[];
  area: AreaFeature | null;
  children: readonly AreaFeature[];
  counts: ReadonlyMap<string, number>;
  /** Changes when counts change (updateTriggers). */
  countsKey: string;
  /** Every case of the filter state as binary columns (CasePointColumns.layerData()); null: none drawn (a replay shows instead). */
  points: PointLayerData | null;
  selected: { lon: number; lat: number } | null;
  /** Whether a child can be drilled into (a grid cell's own cell cannot). */
  drillable: boolean;
  /** A grid cell's buildings (useGridBuildings), drawn over the area and the heat, under the case points; absent: none. */
  buildings?: readonly Layer[];
}

/** The pickable layers: a click on the map picks these (see DeskMap), the mouse's tooltip these and the buildings (useDeskTooltip). */
export const CHILDREN_ID = 'desk-children';
export const CASE_POINTS_ID = CASE_COLUMN_POINTS_ID;

const NO_POINTS: PointLayerData = {
  length: 0,
  attributes: { getPosition: { value: new Float32Array(0), size: 2 }, getFillColor: { value: new Uint8Array(0), size: 4, normalized: true }, getWeight: { value: new Float32Array(0), size: 1 } },
};

/** Children's choropleth, district lines, the area's outline, case heat, a grid cell's buildings, case points, the open case, names. */
export function deskLayers(input: DeskLayerInput, theme: WallTheme): Layer[] {
  const max = Math.max(0, ...input.counts.values());
  return [
    new GeoJsonLayer<AreaProps>({
      id: CHILDREN_ID,
      data: input.children as AreaFeature[],
      filled: true,
      stroked: true,
      // Picked for the tooltip at every level; highlighted only where a click drills in.
      pickable: true,
      autoHighlight: input.drillable,
      highlightColor: [255, 200, 0, 120],
      getFillColor: (f) => childColor(input.counts.get(f.properties.code) ?? 0, max),
      getLineColor: theme.streetLine,
      getLineWidth: 1,
      lineWidthUnits: 'pixels',
      updateTriggers: { getFillColor: [input.countsKey] },
    }),
    districtLayer(input.districts, theme),
    highlightLayer(input.area, theme),
    caseHeatLayer(input.points ?? NO_POINTS, input.points !== null && input.points.length > 0),
    // Picked for the tooltip (the wall draws the same layer unpicked).
    ...(input.buildings ?? []).map((layer) => layer.clone({ pickable: true })),
    // Picked by index: the columns' ids name the case (DeskMap).
    casePointLayer(input.points ?? NO_POINTS, input.points !== null).clone({ pickable: true }),
    new ScatterplotLayer<{ lon: number; lat: number }>({
      id: 'desk-selected',
      data: input.selected ? [input.selected] : [],
      getPosition: (p) => [p.lon, p.lat],
      getRadius: 14,
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      getLineColor: [230, 40, 40, 255],
      getLineWidth: 3,
      lineWidthUnits: 'pixels',
    }),
    labelLayer(
      {
        id: 'desk-child-labels',
        data: input.children.map((f) => ({ code: f.properties.code, text: f.properties.name, position: f.properties.anchor as [number, number], size: 12, offset: [0, 0], box: { left: 0, top: 0, right: 0, bottom: 0 } })),
        color: theme.labelStreet,
      },
      theme,
    ),
  ];
}

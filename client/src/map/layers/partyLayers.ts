import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { DistrictAreas } from '../../api/loadCity.js';
import type { CentrePoint, GridOrganisation, PartyMapData } from '../../api/party.js';
import type { AreaFeature, AreaProps } from '../geo/areaFeatures.js';
import { TEXT, type Rgba, type WallTheme } from '../../theme.js';

// 党建引领 on the map, for any screen: 党群服务中心 as party-red discs ringed in gold (a street's
// larger than a community's), their names from CENTRE_LABEL_ZOOM on, and each grid cell filled by
// its own organisation (a district or below). Pure builders with stable ids; the data is one
// area's (≤ ~3,500 centres for the city, ≤ ~2,000 cells for a district).

/** 党旗红 (#DE2910) and gold (#FFDE00). */
export const PARTY_RED: Rgba = [222, 41, 16, 255];
export const PARTY_GOLD: Rgba = [255, 222, 0, 255];
/** Names of centres from this zoom on (a street or community fills the map); below it they would pile up. */
export const CENTRE_LABEL_ZOOM = 14;

/** Marker radius (screen pixels) by kind: a street's centre leads its communities'. */
export function centreRadius(kind: CentrePoint['kind']): number {
  return kind === 'street' ? 9 : kind === 'other' ? 7 : 6;
}

/** A grid cell's fill: a 网格党支部 in party red, deeper with more members (0–200+), a 党小组 in amber, none in grey. */
export function coverageColor(cell: { organisation: GridOrganisation; members: number } | undefined): Rgba {
  if (!cell) return [0, 0, 0, 0];
  if (cell.organisation === 'none') return [150, 150, 160, 110];
  const depth = Math.min(1, cell.members / 200);
  if (cell.organisation === 'grid_group') return [255, 170, 40, Math.round(80 + 60 * depth)];
  return [222, 41, 16, Math.round(50 + 90 * depth)];
}

/** The layer groups, in the wall's slots: fills go under the outlines, marks over the case points' layer, labels on top. */
export interface PartyLayerGroups {
  fills: Layer[];
  marks: Layer[];
  labels: Layer[];
}

export interface PartyLayerInput {
  /** The followed area's centres and grid organisations (null until loaded). */
  party: PartyMapData | null;
  /** Districts whose grid outlines are loaded: coverage is drawn in these, where the data has the cell. */
  districts: readonly DistrictAreas[];
  zoom: number;
  showCentres: boolean;
  showCoverage: boolean;
  /** Whether a district's cells are drawn at this zoom (detailShown). */
  shown: (district: DistrictAreas) => boolean;
}

export function partyLayerGroups(input: PartyLayerInput, theme: WallTheme): PartyLayerGroups {
  const { party, districts, zoom, showCentres, showCoverage, shown } = input;
  const centres = party?.centres ?? [];
  const grids = party?.grids ?? null;
  return {
    fills: districts.map((d) => coverageLayer(d, grids, showCoverage && grids !== null && shown(d))),
    marks: [centresLayer(centres, showCentres && centres.length > 0)],
    labels: [centreLabelsLayer(centres, theme, showCentres && centres.length > 0 && centres[0]!.name !== '' && zoom >= CENTRE_LABEL_ZOOM)],
  };
}

/** One district's grid cells filled by their own organisation (cells outside the data stay clear). */
export function coverageLayer(district: DistrictAreas, grids: PartyMapData['grids'], visible: boolean): GeoJsonLayer<AreaProps> {
  return new GeoJsonLayer<AreaProps>({
    id: `party-coverage-${district.code}`,
    data: district.grids as AreaFeature[],
    visible,
    filled: true,
    stroked: false,
    getFillColor: (f) => coverageColor(grids?.get(f.properties.code)),
    // A new answer is a new Map: the colours follow it.
    updateTriggers: { getFillColor: [grids] },
  });
}

export function centresLayer(centres: readonly CentrePoint[], visible: boolean): ScatterplotLayer<CentrePoint> {
  return new ScatterplotLayer<CentrePoint>({
    id: 'party-centres',
    data: centres as CentrePoint[],
    visible,
    getPosition: (c) => c.position,
    getFillColor: PARTY_RED,
    getRadius: (c) => centreRadius(c.kind),
    radiusUnits: 'pixels',
    stroked: true,
    getLineColor: PARTY_GOLD,
    getLineWidth: 2,
    lineWidthUnits: 'pixels',
  });
}

/** Centre names under their markers (a local font, like the area labels: no glyph server). */
export function centreLabelsLayer(centres: readonly CentrePoint[], theme: WallTheme, visible: boolean): TextLayer<CentrePoint> {
  return new TextLayer<CentrePoint>({
    id: 'party-centre-labels',
    data: centres as CentrePoint[],
    visible,
    characterSet: 'auto',
    fontFamily: theme.fontFamily,
    fontWeight: 500,
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    outlineWidth: 3,
    outlineColor: theme.labelOutline,
    getPosition: (c) => c.position,
    getText: (c) => c.name,
    getColor: PARTY_GOLD,
    getSize: TEXT.mapLabelMin,
    sizeUnits: 'pixels',
    getPixelOffset: (c) => [0, centreRadius(c.kind) + 4],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'top',
  });
}

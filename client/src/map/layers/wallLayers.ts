import type { Layer } from '@deck.gl/core';
import type { DistrictAreas, OverviewAreas } from '../../api/loadCity.js';
import type { AreaFeature } from '../geo/areaFeatures.js';
import { detailShown } from '../geo/detailLevels.js';
import type { WallTheme } from '../../theme.js';
import { cityLayer, communityLayer, districtLayer, gridLayer, highlightLayer, streetLayer } from './areaLayers.js';
import { labelLayer } from './labelLayer.js';
import type { PartyLayerGroups } from './partyLayers.js';
import { NO_LABELS, type MapLabels } from './mapLabels.js';
import type { CaseSummary } from '../../../../shared/src/live/events.js';
import type { StaffPoint } from '../../api/staffPositions.js';
import type { CellMetric, LiveLayerId } from './liveLayerIds.js';
import { casePointsLayer, choroplethLayer, heatmapLayer, pulseLayer, workersLayer, type CellFigures, type Pulse } from './liveLayers.js';
import { communityChoroplethLayer, GRID_FILL_MIN_ZOOM, streetChoroplethLayer } from './areaChoropleth.js';
import type { PointLayerData } from './caseColumns.js';
import { caseHeatLayer, casePointLayer } from './casePointLayer.js';

/** What the live layers draw: the followed area's feed, its workers and the running pulses. */
export interface LiveLayerInput {
  show: ReadonlySet<LiveLayerId>;
  metric: CellMetric;
  figures: CellFigures;
  latest: readonly CaseSummary[];
  pulses: readonly Pulse[];
  /** Changes every pulse tick (updateTriggers). */
  pulseFrame: number;
  workers: readonly StaffPoint[];
  /**
   * Every open case of the area (CasePointColumns.layerData(), weights over the last 24 h): drawn as
   * the points and the heat instead of `latest`. Absent: the latest ≤ 100 cases are.
   */
  points?: PointLayerData | null;
  /** The city's street outlines: filled by their cells' figures where no district detail is drawn. Absent: no street fill. */
  streets?: readonly AreaFeature[];
}

const NO_LIVE: LiveLayerInput = {
  show: new Set(),
  metric: 'open',
  figures: { cells: new Map(), version: '' },
  latest: [],
  pulses: [],
  pulseFrame: 0,
  workers: [],
};

export interface WallLayerInput {
  overview: OverviewAreas;
  /** Loaded detail, in load order; only these are drawn. */
  districts: readonly DistrictAreas[];
  zoom: number;
  /** The district whose detail is shown even below the detail zoom (the URL's area). */
  focusDistrict: string | null;
  highlight: AreaFeature | null;
  /** The labels placed for the view (mapLabels); absent: none. */
  labels?: MapLabels;
  /** The live layers; absent: drawn empty and hidden (same ids, so deck.gl keeps them). */
  live?: LiveLayerInput;
}

/**
 * All layers of the wall, bottom to top: fills (city, grid choropleth), fine lines, coarse lines,
 * case heat, highlight, workers, case points and pulses, labels. Workers are drawn only where
 * grid detail is (zoomed into a district, or the URL's district).
 */
export function wallLayers(input: WallLayerInput, theme: WallTheme): Layer[] {
  return mergeLayers(baseLayers(input, theme), liveLayerGroups(input));
}

/** The outline and label layers, in their slots: they change only with the view and the data loaded. */
export interface BaseLayerGroups {
  fills: Layer[];
  lines: Layer[];
  highlight: Layer[];
  labels: Layer[];
}

/** The live layers, in their slots: they change with every delta. */
export interface LiveLayerGroups {
  choropleth: Layer[];
  heat: Layer[];
  marks: Layer[];
}

/**
 * Built apart from the live layers so a delta (up to four a second) rebuilds only what it changes:
 * the wall memoises these on the view alone, and deck.gl sees the same layer instances.
 */
export function baseLayers(input: Omit<WallLayerInput, 'live'>, theme: WallTheme): BaseLayerGroups {
  const { overview, districts, zoom, focusDistrict, highlight, labels = NO_LABELS } = input;
  const shown = (d: DistrictAreas): boolean => detailShown(d.code, zoom, focusDistrict);
  return {
    fills: [cityLayer(overview.city, theme)],
    lines: [
      streetLayer(overview.streets, theme),
      ...districts.map((d) => gridLayer(d, theme, shown(d))),
      ...districts.map((d) => communityLayer(d, theme, shown(d))),
      districtLayer(overview.districts, theme),
    ],
    highlight: [highlightLayer(highlight, theme)],
    labels: [
      labelLayer({ id: 'community-labels', data: labels.communities, color: theme.labelCommunity }, theme),
      labelLayer({ id: 'street-labels', data: labels.streets, color: theme.labelStreet }, theme),
      labelLayer({ id: 'district-labels', data: labels.districts, color: theme.labelDistrict }, theme),
    ],
  };
}

export function liveLayerGroups(input: Pick<WallLayerInput, 'districts' | 'zoom' | 'focusDistrict' | 'live'>): LiveLayerGroups {
  const { districts, zoom, focusDistrict, live = NO_LIVE } = input;
  const shown = (d: DistrictAreas): boolean => detailShown(d.code, zoom, focusDistrict);
  const on = (id: LiveLayerId): boolean => live.show.has(id);
  const anyDetail = districts.some(shown);
  const gridFill = zoom >= GRID_FILL_MIN_ZOOM;
  const points = live.points ?? null;
  const streetFill = live.streets ? [streetChoroplethLayer(live.streets, live.figures, live.metric, districts.filter(shown).map((d) => d.code), on('choropleth'))] : [];
  // Streets where no detail is drawn; inside a drawn district its communities, or its cells from the grid zoom on.
  const communityFill = live.streets ? districts.map((d) => communityChoroplethLayer(d, live.figures, live.metric, on('choropleth') && shown(d) && !gridFill)) : [];
  const gridShown = (d: DistrictAreas): boolean => shown(d) && (gridFill || !live.streets);
  return {
    choropleth: [...streetFill, ...communityFill, ...districts.map((d) => choroplethLayer(d, live.figures, live.metric, on('choropleth') && gridShown(d)))],
    heat: [points ? caseHeatLayer(points, on('heatmap') && points.length > 0) : heatmapLayer(live.latest, on('heatmap') && live.latest.length > 0)],
    marks: [
      workersLayer(live.workers, on('workers') && anyDetail),
      points ? casePointLayer(points, on('points')) : casePointsLayer(live.latest, on('points')),
      pulseLayer(live.pulses, live.pulseFrame, on('points')),
    ],
  };
}

/**
 * Bottom to top: fills, choropleth, party coverage, lines, heat, highlight, a grid cell's buildings,
 * workers/points/pulses, party centres, labels, centre names (partyLayers.ts; absent: none).
 */
export function mergeLayers(base: BaseLayerGroups, live: LiveLayerGroups, party?: PartyLayerGroups, buildings: readonly Layer[] = []): Layer[] {
  return [...base.fills, ...live.choropleth, ...(party?.fills ?? []), ...base.lines, ...live.heat, ...base.highlight, ...buildings, ...live.marks, ...(party?.marks ?? []), ...base.labels, ...(party?.labels ?? [])];
}

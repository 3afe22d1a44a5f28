import type { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { CaseStatus, Urgency } from '../../../../shared/src/cases/caseModel.js';
import type { CaseSummary, ChildFigures } from '../../../../shared/src/live/events.js';
import type { DistrictAreas } from '../../api/loadCity.js';
import type { StaffPoint } from '../../api/staffPositions.js';
import type { AreaFeature, AreaProps } from '../geo/areaFeatures.js';
import type { Rgba } from '../../theme.js';
import { CaseHeatmapLayer } from './caseHeatmapLayer.js';
import { cellColor } from './cellScale.js';
import { cellValue } from './cellValue.js';
import type { CellMetric } from './liveLayerIds.js';

// Pure builders of the live layers, stable ids, sizes in screen pixels. Their data is bounded by
// the feed: `latest` ≤ 100 cases (AreaFeed maxLatest), `cells` ≤ the grids of the followed area,
// workers ≤ 500 (STAFF_LIMIT), pulses ≤ the cases in `latest`.

/** A snapshot of the feed's cell figures; `version` changes whenever a delta changed them (the Map is updated in place). */
export interface CellFigures {
  cells: ReadonlyMap<string, ChildFigures>;
  version: string;
}

/**
 * One district's grid cells filled by `metric`; the outlines stay in gridLayer. A rate per
 * household reads the district's households (loaded with it; a new district object is new data).
 */
export function choroplethLayer(district: DistrictAreas, figures: CellFigures, metric: CellMetric, visible: boolean): GeoJsonLayer<AreaProps> {
  const { households } = district;
  return new GeoJsonLayer<AreaProps>({
    id: `cells-${district.code}`,
    data: district.grids as AreaFeature[],
    visible,
    filled: true,
    stroked: false,
    getFillColor: (f) => {
      const code = f.properties.code;
      return cellColor(metric, cellValue(metric, figures.cells.get(code), households?.get(code)));
    },
    updateTriggers: { getFillColor: [figures.version, metric] },
  });
}

const position = (c: CaseSummary): [number, number] => [c.lon, c.lat];

/** Density of the latest cases (≤ 100): where reports cluster right now. */
export function heatmapLayer(latest: readonly CaseSummary[], visible: boolean): HeatmapLayer<CaseSummary> {
  return new CaseHeatmapLayer<CaseSummary>({
    id: 'case-heat',
    data: latest as CaseSummary[],
    visible,
    getPosition: position,
    getWeight: 1,
    radiusPixels: 50,
    intensity: 1,
    threshold: 0.05,
    opacity: 0.55,
  });
}

export const URGENCY_COLORS: Record<Urgency, Rgba> = {
  simple: [120, 220, 255, 255],
  normal: [80, 255, 170, 255],
  prominent: [255, 170, 40, 255],
  major: [255, 50, 60, 255],
};
const CLOSED: ReadonlySet<CaseStatus> = new Set(['closed', 'rejected']);

/** Urgency by hue; closed or rejected cases are dimmed (still shown: they were reported here). */
export function caseColor(c: Pick<CaseSummary, 'urgency' | 'status'>): Rgba {
  const [r, g, b] = URGENCY_COLORS[c.urgency] ?? URGENCY_COLORS.normal;
  return CLOSED.has(c.status) ? [r, g, b, 90] : [r, g, b, 255];
}

export function casePointsLayer(latest: readonly CaseSummary[], visible: boolean): ScatterplotLayer<CaseSummary> {
  return new ScatterplotLayer<CaseSummary>({
    id: 'case-points',
    data: latest as CaseSummary[],
    visible,
    getPosition: position,
    getFillColor: caseColor,
    getRadius: (c) => (c.urgency === 'major' ? 7 : 5),
    radiusUnits: 'pixels',
    stroked: true,
    getLineColor: [5, 11, 24, 255],
    getLineWidth: 1,
    lineWidthUnits: 'pixels',
  });
}

/** A new case's pulse: rings that grow and fade, one per PULSE_PERIOD_MS, for PULSE_MS. */
export const PULSE_MS = 3000;
export const PULSE_PERIOD_MS = 1000;
const PULSE_FROM_PX = 6;
const PULSE_GROW_PX = 30;

export interface Pulse {
  item: CaseSummary;
  /** ms since the case appeared, 0 ≤ age < PULSE_MS. */
  age: number;
}

/** Ring radius (px) and opacity (0–255) of a pulse of this age. */
export function pulseRing(age: number): { radius: number; alpha: number } {
  const t = (age % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
  const fade = 1 - age / PULSE_MS;
  return { radius: PULSE_FROM_PX + PULSE_GROW_PX * t, alpha: Math.max(0, Math.round(255 * (1 - t) * fade)) };
}

export function pulseLayer(pulses: readonly Pulse[], frame: number, visible: boolean): ScatterplotLayer<Pulse> {
  return new ScatterplotLayer<Pulse>({
    id: 'case-pulse',
    data: pulses as Pulse[],
    visible: visible && pulses.length > 0,
    getPosition: (p) => position(p.item),
    filled: false,
    stroked: true,
    getRadius: (p) => pulseRing(p.age).radius,
    getLineColor: (p) => {
      const [r, g, b] = caseColor(p.item);
      return [r, g, b, pulseRing(p.age).alpha];
    },
    getLineWidth: 2,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    updateTriggers: { getRadius: frame, getLineColor: frame },
  });
}

const WORKER_FILL: Rgba = [190, 255, 120, 255];
const WORKER_BUSY: Rgba = [255, 230, 90, 255];

/** On-duty grid workers on patrol (≤ 500): green, yellow with open cases in hand. */
export function workersLayer(workers: readonly StaffPoint[], visible: boolean): ScatterplotLayer<StaffPoint> {
  return new ScatterplotLayer<StaffPoint>({
    id: 'workers',
    data: workers as StaffPoint[],
    visible,
    getPosition: (w) => w.position,
    getFillColor: (w) => (w.openCases > 0 ? WORKER_BUSY : WORKER_FILL),
    getRadius: 3.5,
    radiusUnits: 'pixels',
    stroked: true,
    getLineColor: [5, 11, 24, 255],
    getLineWidth: 1,
    lineWidthUnits: 'pixels',
  });
}

import { GeoJsonLayer } from '@deck.gl/layers';
import type { ChildFigures } from '../../../../shared/src/live/events.js';
import type { DistrictAreas } from '../../api/loadCity.js';
import type { AreaFeature, AreaProps } from '../geo/areaFeatures.js';
import type { Rgba } from '../../theme.js';
import { CELL_BREAKS, CELL_COLORS } from './cellScale.js';
import { per10kHouseholds } from './cellValue.js';
import type { CellFigures } from './liveLayers.js';
import { METRIC_INDEX, perHouseholds, type CellMetric } from './liveLayerIds.js';

/**
 * The choropleth above the grid cells: the feed's cell figures summed per street (city level,
 * overview outlines) or per community (inside a district whose detail is drawn, below the grid
 * zoom). Codes nest (shared/src/city/codes.ts): a cell's first 9 digits are its street, its first
 * 12 its community, so a roll-up is a sum by prefix, no geometry needed.
 */

export type FillLevel = 'street' | 'community';
const DIGITS: Record<FillLevel, number> = { street: 9, community: 12 };

/**
 * Counts' class breaks are the cells' (cellScale.ts) times this: a community holds ≈ 5 cells and a
 * street ≈ 80 (16,600 cells, 3,306 communities, 208 streets), but open cases cluster, so the
 * breaks grow far slower than the size. With the simulator's ≈ 2,700 open cases a street holds
 * ≈ 13 at the median: class 1 of [5, 15, 30, 50, 100]. Rates (per 10,000 households) are not scaled.
 */
export const LEVEL_SCALE: Record<FillLevel, number> = { community: 2, street: 5 };

/** From this zoom on a district's grid cells are filled; below it (down to the detail zoom) its communities. */
export const GRID_FILL_MIN_ZOOM = 12.5;

/** Sums the cells' figures per ancestor (street or community code). */
export function rollUpCells(cells: ReadonlyMap<string, ChildFigures>, level: FillLevel): Map<string, ChildFigures> {
  const digits = DIGITS[level];
  const out = new Map<string, ChildFigures>();
  for (const [code, f] of cells) {
    if (code.length < digits) continue;
    const key = code.slice(0, digits);
    const sum = out.get(key);
    if (sum) for (let i = 0; i < 4; i++) sum[i] = sum[i]! + f[i]!;
    else out.set(key, [f[0], f[1], f[2], f[3]]);
  }
  return out;
}

/** Households per ancestor, from a district's cell households (per10k at community level). */
export function rollUpHouseholds(households: ReadonlyMap<string, number> | undefined, level: FillLevel): Map<string, number> {
  const out = new Map<string, number>();
  if (!households) return out;
  const digits = DIGITS[level];
  for (const [code, n] of households) out.set(code.slice(0, digits), (out.get(code.slice(0, digits)) ?? 0) + n);
  return out;
}

const NONE: Rgba = [0, 0, 0, 0];

/** The fill of an area of `level` holding `figures`: counts against the scaled breaks, rates against the cells'. */
export function areaFillColor(metric: CellMetric, level: FillLevel, figures: ChildFigures | undefined, households: number | undefined): Rgba {
  const count = figures?.[METRIC_INDEX[metric]] ?? 0;
  const value = perHouseholds(metric) ? (households === undefined ? 0 : (per10kHouseholds(count, households) ?? 0)) : count;
  if (!(value > 0)) return NONE;
  const scale = perHouseholds(metric) ? 1 : LEVEL_SCALE[level];
  const breaks = CELL_BREAKS[metric];
  let k = 0;
  for (let i = 1; i < breaks.length; i++) if (value >= breaks[i]! * scale) k = i;
  return CELL_COLORS[k] ?? NONE;
}

/**
 * Streets filled by their cells' figures (city level). Streets of the districts in `detailDrawn`
 * are left unfilled: there the communities or cells take over. Rates need households, which come
 * with a district's detail: `per10k` leaves streets unfilled.
 */
export function streetChoroplethLayer(streets: readonly AreaFeature[], figures: CellFigures, metric: CellMetric, detailDrawn: readonly string[], visible: boolean): GeoJsonLayer<AreaProps> {
  const sums = visible ? rollUpCells(figures.cells, 'street') : new Map<string, ChildFigures>();
  const skipped = new Set(detailDrawn);
  const filledStreet = (code: string): boolean => !skipped.has(code.slice(0, 6));
  return new GeoJsonLayer<AreaProps>({
    id: 'cells-streets',
    data: streets as AreaFeature[],
    visible,
    filled: true,
    stroked: false,
    getFillColor: (f) => (filledStreet(f.properties.code) ? areaFillColor(metric, 'street', sums.get(f.properties.code), undefined) : NONE),
    updateTriggers: { getFillColor: [figures.version, metric, visible, detailDrawn.join(',')] },
  });
}

/** One district's communities filled by their cells' figures (a district drawn below the grid zoom). */
export function communityChoroplethLayer(district: DistrictAreas, figures: CellFigures, metric: CellMetric, visible: boolean): GeoJsonLayer<AreaProps> {
  const sums = visible ? rollUpCells(figures.cells, 'community') : new Map<string, ChildFigures>();
  const households = visible && perHouseholds(metric) ? rollUpHouseholds(district.households, 'community') : new Map<string, number>();
  return new GeoJsonLayer<AreaProps>({
    id: `communities-fill-${district.code}`,
    data: district.communities as AreaFeature[],
    visible,
    filled: true,
    stroked: false,
    getFillColor: (f) => areaFillColor(metric, 'community', sums.get(f.properties.code), households.get(f.properties.code)),
    updateTriggers: { getFillColor: [figures.version, metric, visible, district.households ? 1 : 0] },
  });
}

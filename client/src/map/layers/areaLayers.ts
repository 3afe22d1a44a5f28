import { GeoJsonLayer } from '@deck.gl/layers';
import type { DistrictAreas } from '../../api/loadCity.js';
import type { AreaFeature, AreaProps } from '../geo/areaFeatures.js';
import type { Rgba, WallTheme } from '../../theme.js';

// Pure builders: each returns a cheap layer descriptor with a stable id, so deck.gl diffs them
// and re-uploads geometry only when `data` changes identity. Widths are in screen pixels.

function outlineLayer(id: string, data: readonly AreaFeature[], color: Rgba, widthPx: number, visible = true): GeoJsonLayer<AreaProps> {
  return new GeoJsonLayer<AreaProps>({
    id,
    data: data as AreaFeature[],
    visible,
    filled: false,
    stroked: true,
    getLineColor: color,
    getLineWidth: widthPx,
    lineWidthUnits: 'pixels',
    lineJointRounded: false,
  });
}

/** The whole city: a filled silhouette with a bright rim. */
export function cityLayer(data: readonly AreaFeature[], theme: WallTheme): GeoJsonLayer<AreaProps> {
  return new GeoJsonLayer<AreaProps>({
    id: 'city',
    data: data as AreaFeature[],
    filled: true,
    stroked: true,
    getFillColor: theme.cityFill,
    getLineColor: theme.cityLine,
    getLineWidth: 2.5,
    lineWidthUnits: 'pixels',
  });
}

export function districtLayer(data: readonly AreaFeature[], theme: WallTheme): GeoJsonLayer<AreaProps> {
  return outlineLayer('districts', data, theme.districtLine, 1.8);
}

export function streetLayer(data: readonly AreaFeature[], theme: WallTheme): GeoJsonLayer<AreaProps> {
  return outlineLayer('streets', data, theme.streetLine, 0.8);
}

/** One layer per district, so loading another district does not rebuild this one. */
export function communityLayer(district: DistrictAreas, theme: WallTheme, visible: boolean): GeoJsonLayer<AreaProps> {
  return outlineLayer(`communities-${district.code}`, district.communities, theme.communityLine, 1, visible);
}

export function gridLayer(district: DistrictAreas, theme: WallTheme, visible: boolean): GeoJsonLayer<AreaProps> {
  return outlineLayer(`grids-${district.code}`, district.grids, theme.gridLine, 0.6, visible);
}

/** The area named in the URL: tinted fill and a thick outline. */
export function highlightLayer(feature: AreaFeature | null, theme: WallTheme): GeoJsonLayer<AreaProps> {
  return new GeoJsonLayer<AreaProps>({
    id: 'highlight',
    data: feature ? [feature] : [],
    visible: feature !== null,
    filled: true,
    stroked: true,
    getFillColor: theme.highlightFill,
    getLineColor: theme.highlightLine,
    getLineWidth: 3,
    lineWidthUnits: 'pixels',
  });
}

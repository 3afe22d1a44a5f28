import type { Layer } from '@deck.gl/core';
import type { DistrictAreas, OverviewAreas } from '../api/loadCity.js';
import type { AreaFeature } from '../geo/areaFeatures.js';
import { detailShown, detailVisibility } from '../geo/detailLevels.js';
import type { WallTheme } from '../theme.js';
import { cityLayer, communityLayer, districtLayer, gridLayer, highlightLayer, streetLayer } from './areaLayers.js';
import { labelLayer } from './labelLayer.js';

export interface WallLayerInput {
  overview: OverviewAreas;
  /** Loaded detail, in load order; only these are drawn. */
  districts: readonly DistrictAreas[];
  zoom: number;
  /** The district whose detail is shown even below the detail zoom (the URL's area). */
  focusDistrict: string | null;
  highlight: AreaFeature | null;
}

/** All layers of the wall, bottom to top: fills, fine lines, coarse lines, highlight, labels. */
export function wallLayers(input: WallLayerInput, theme: WallTheme): Layer[] {
  const { overview, districts, zoom, focusDistrict, highlight } = input;
  const show = detailVisibility(zoom);
  const shown = (d: DistrictAreas): boolean => detailShown(d.code, zoom, focusDistrict);
  return [
    cityLayer(overview.city, theme),
    streetLayer(overview.streets, theme),
    ...districts.map((d) => gridLayer(d, theme, shown(d))),
    ...districts.map((d) => communityLayer(d, theme, shown(d))),
    districtLayer(overview.districts, theme),
    highlightLayer(highlight, theme),
    ...districts.map((d) =>
      labelLayer(
        { id: `community-labels-${d.code}`, data: d.communities, color: theme.labelCommunity, sizePx: 12, visible: show.communityLabels },
        theme,
      ),
    ),
    labelLayer({ id: 'street-labels', data: overview.streets, color: theme.labelStreet, sizePx: 13, visible: show.streetLabels }, theme),
    labelLayer({ id: 'district-labels', data: overview.districts, color: theme.labelDistrict, sizePx: 18, visible: true }, theme),
  ];
}

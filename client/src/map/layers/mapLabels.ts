import type { DistrictAreas, OverviewAreas } from '../../api/loadCity.js';
import type { AreaFeature } from '../geo/areaFeatures.js';
import { detailShown, detailVisibility } from '../geo/detailLevels.js';
import { TEXT } from '../../theme.js';
import { placeLabels, type LabelCandidate, type LabelViewport, type PlacedLabel, type ScreenBox } from './labelPlacement.js';

/** The labels drawn, per level. */
export interface MapLabels {
  districts: readonly PlacedLabel[];
  streets: readonly PlacedLabel[];
  communities: readonly PlacedLabel[];
}

export const NO_LABELS: MapLabels = { districts: [], streets: [], communities: [] };

export interface MapLabelInput {
  overview: OverviewAreas;
  districts: readonly DistrictAreas[];
  zoom: number;
  focusDistrict: string | null;
}

const boxArea = ({ properties: { bbox } }: AreaFeature): number => (bbox.east - bbox.west) * (bbox.north - bbox.south);

/**
 * Smaller areas first: a small area's label must sit on it, a large one's can move within it (the
 * development zones inside the central districts keep their names at city level).
 */
function candidates(features: readonly AreaFeature[], size: number): LabelCandidate[] {
  return [...features]
    .sort((a, b) => boxArea(a) - boxArea(b))
    .map((f) => ({ code: f.properties.code, name: f.properties.name, position: f.properties.anchor as [number, number], size }));
}

/**
 * The district, street and community labels for a view at rest: districts always, streets from
 * zoom 10, communities of the districts whose detail is drawn from zoom 12.5; coarser levels
 * first, none overlapping another or leaving `free` (the map between the title and the panels).
 */
export function mapLabels({ overview, districts, zoom, focusDistrict }: MapLabelInput, view: LabelViewport, free: ScreenBox): MapLabels {
  const show = detailVisibility(zoom);
  const communities = show.communityLabels ? districts.filter((d) => detailShown(d.code, zoom, focusDistrict)).flatMap((d) => d.communities) : [];
  const [d, s, c] = placeLabels(
    [candidates(overview.districts, TEXT.mapDistrict), show.streetLabels ? candidates(overview.streets, TEXT.mapStreet) : [], candidates(communities, TEXT.mapCommunity)],
    view,
    free,
  );
  return { districts: d ?? [], streets: s ?? [], communities: c ?? [] };
}

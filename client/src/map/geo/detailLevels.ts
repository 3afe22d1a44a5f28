import { boxCenter, boxesIntersect, type LonLatBox } from './lonLatBox.js';

/** From this zoom on, community and grid geometry of the districts in view is fetched and drawn. */
export const DETAIL_MIN_ZOOM = 11;
export const STREET_LABEL_MIN_ZOOM = 10;
export const COMMUNITY_LABEL_MIN_ZOOM = 12.5;
/** Districts fetched for one view: about 6 × 300 kB of TopoJSON, ~1,800 grid cells each. */
export const MAX_DISTRICTS_IN_VIEW = 6;

/** What the camera shows, updated when a move ends (not per frame). */
export interface MapView {
  zoom: number;
  bounds: LonLatBox;
  /** The map's size in screen pixels (design units): with the bounds, where each point is drawn. */
  width: number;
  height: number;
}

export interface DetailVisibility {
  streetLabels: boolean;
  communityLabels: boolean;
}

export function detailVisibility(zoom: number): DetailVisibility {
  return {
    streetLabels: zoom >= STREET_LABEL_MIN_ZOOM,
    communityLabels: zoom >= COMMUNITY_LABEL_MIN_ZOOM,
  };
}

/** Whether a loaded district's communities and grids are drawn: from the detail zoom, or always for the focused one. */
export function detailShown(districtCode: string, zoom: number, focusDistrict: string | null): boolean {
  return zoom >= DETAIL_MIN_ZOOM || districtCode === focusDistrict;
}

export interface DistrictBox {
  code: string;
  bbox: LonLatBox;
}

/**
 * District codes whose detail geometry the view needs: the selected area's district first (so a
 * deep link loads even when zoomed out), then districts in view nearest the view centre first,
 * at most `limit` in all.
 */
export function districtsToLoad(
  view: MapView | null,
  districts: readonly DistrictBox[],
  selectedDistrict: string | null,
  limit = MAX_DISTRICTS_IN_VIEW,
): string[] {
  const wanted: string[] = selectedDistrict ? [selectedDistrict] : [];
  if (view && view.zoom >= DETAIL_MIN_ZOOM) {
    const [cx, cy] = boxCenter(view.bounds);
    const distance = (box: LonLatBox): number => {
      const [x, y] = boxCenter(box);
      return (x - cx) ** 2 + (y - cy) ** 2;
    };
    const inView = districts
      .filter((d) => d.code !== selectedDistrict && boxesIntersect(d.bbox, view.bounds))
      .sort((a, b) => distance(a.bbox) - distance(b.bbox));
    for (const d of inView) wanted.push(d.code);
  }
  return wanted.slice(0, limit);
}

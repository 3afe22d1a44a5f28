import type { OverviewAreas } from '../../api/loadCity.js';
import type { TakeoverItem } from './takeover.js';

/** Zoom the map flies to for a takeover (map units): a few streets around the case. */
export const TAKEOVER_ZOOM = 15;

/**
 * Where the map shows a takeover: the case's own point, else the label point of its street, else
 * of its district (an overdue alert carries only its grid); null when the overview knows neither.
 */
export function takeoverPosition(item: TakeoverItem, overview: OverviewAreas): [number, number] | null {
  if (item.position) return item.position;
  const street = overview.streets.find((f) => f.properties.code === item.grid.slice(0, 9));
  const district = overview.districts.find((f) => f.properties.code === item.grid.slice(0, 6));
  const anchor = (street ?? district)?.properties.anchor;
  return anchor ? [anchor[0]!, anchor[1]!] : null;
}

import type { Refusal } from '../../../../shared/src/live/socketFeed.js';
import type { WallStrings } from '../../i18n/strings.js';
import type { Selection } from '../../area/selection.js';

/**
 * A line for the status panel about the URL's `?area=`, or null when there is nothing to say. A
 * malformed code is reported by the options notice (wallOptions.ts), and an area the map cannot
 * find by the live stream's refusal (FreshnessLine: outside the account, or no such area), which
 * always follows: one message, not three.
 */
export function selectionMessage(selection: Selection, t: WallStrings): string | null {
  switch (selection.status) {
    case 'none':
    case 'invalid':
    case 'unknown':
      return null;
    case 'pending':
      return t.selectionPending(selection.code);
    case 'found':
      return t.selectionFound(selection.feature.properties.name, selection.code);
  }
}

/** The KPI panel's title: the area's name, or what is wrong with an area the server refused (never its bare code). */
export function kpiPanelTitle(area: string, names: ReadonlyMap<string, string>, refusal: Refusal | null, t: WallStrings): string {
  if (refusal?.area === area && (refusal.code === 'forbidden' || refusal.code === 'not_found')) return t.kpiPanelRefused(refusal.code, area);
  return t.kpiPanel(names.get(area) ?? area);
}

import type { WallStrings } from '../i18n/strings.js';
import type { Selection } from '../state/selection.js';

/**
 * A line for the status panel about the URL's `?area=`, or null when there is nothing to say. A
 * malformed code is reported by the options notice (wallOptions.ts), not here.
 */
export function selectionMessage(selection: Selection, t: WallStrings): string | null {
  switch (selection.status) {
    case 'none':
    case 'invalid':
      return null;
    case 'pending':
      return t.selectionPending(selection.code);
    case 'unknown':
      return t.selectionUnknown(selection.code);
    case 'found':
      return t.selectionFound(selection.feature.properties.name, selection.code);
  }
}

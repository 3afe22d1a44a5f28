import type { Alert } from '../../../../shared/src/live/events.js';

/** The alert list: newest first, at most `max` (the feed keeps MAX_ALERTS, newest last). */
export function alertRows(alerts: readonly Alert[], max: number): Alert[] {
  return alerts.slice(-max).reverse();
}

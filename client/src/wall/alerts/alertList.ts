import type { Alert } from '../../../../shared/src/live/events.js';

/** The alert list: newest first, at most `max` (the feed keeps MAX_ALERTS, newest last). */
export function alertRows(alerts: readonly Alert[], max: number): Alert[] {
  return alerts.slice(-max).reverse();
}

const BEIJING_OFFSET_MS = 8 * 3_600_000; // UTC+8 all year: China has no daylight saving time

/** HH:mm of an epoch-ms time in the city's own time (UTC+8), whatever the wall's time zone. */
export function beijingClock(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(11, 16) : '--:--';
}

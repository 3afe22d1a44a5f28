const BEIJING_OFFSET_MS = 8 * 3_600_000; // UTC+8 all year: China has no daylight saving time

/** HH:mm of an epoch-ms time in the city's own time (UTC+8), whatever the wall's time zone. */
export function beijingClock(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(11, 16) : '--:--';
}

/** The Beijing calendar day holding `ms` (days since the epoch). */
const beijingDay = (ms: number): number => Math.floor((ms + BEIJING_OFFSET_MS) / 86_400_000);

/**
 * A board's time of `ms`: HH:mm on the Beijing day of `now`, its date (MM-DD) on any other day,
 * so yesterday's 08:07 is never read as this morning's. Both are five characters: the board's
 * time column keeps its width (a date and a time would squeeze the category and place columns).
 */
export function beijingStamp(ms: number, now: number): string {
  if (!Number.isFinite(ms)) return '--:--';
  return beijingDay(ms) === beijingDay(now) ? beijingClock(ms) : new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(5, 10);
}

import { MAX_REPLAY_DAYS } from '../../../../shared/src/columnar/mapQueries.js';

const DAY_MS = 86_400_000;
/** Beijing time is UTC+8 all year. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Beijing time of an epoch ms: `YYYY-MM-DD HH:MM:SS`. */
export function beijingTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The Beijing day (`YYYY-MM-DD`) an epoch ms falls in. */
export const beijingDay = (ms: number): string => beijingTime(ms).slice(0, 10);

/** Epoch ms of 00:00 Beijing time of a `YYYY-MM-DD` day, or null when it is not a day. */
export function beijingDayStart(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00+08:00`);
  return Number.isFinite(ms) && beijingDay(ms) === day ? ms : null;
}

/**
 * The replay period of Beijing days `fromDay` to `toDay`, both included (`toDay` empty: the one
 * day), as [from, to) epoch ms; null when a day is malformed, the end is before the start, or it
 * is longer than the server replays (MAX_REPLAY_DAYS).
 */
export function replayPeriod(fromDay: string, toDay = ''): { from: number; to: number } | null {
  const from = beijingDayStart(fromDay);
  const last = beijingDayStart(toDay || fromDay);
  if (from === null || last === null || last < from) return null;
  const to = last + DAY_MS;
  return to - from > MAX_REPLAY_DAYS * DAY_MS ? null : { from, to };
}

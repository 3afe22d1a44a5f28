/** Hours in the wall's trend: the current hour (so far) and the 23 before it. */
export const TREND_HOURS = 24;
export const HOUR_MS = 3_600_000;

/**
 * Cases received (by report time) and closed (by closure time) per clock hour in one area, oldest
 * first; the last bucket is the current hour so far. Beijing is UTC+8 all year, so its hours start
 * where UTC's do.
 */
export interface TrendSeries {
  area: string;
  /** epoch ms: start of the first bucket; bucket i covers [from + i·HOUR_MS, from + (i+1)·HOUR_MS) */
  from: number;
  received: number[];
  closed: number[];
}

/** The clock hour (index since the epoch) holding `ms`. */
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);

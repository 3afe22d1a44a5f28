import type { AreaParam } from '../area/selection.js';

/** The area the wall's live panels follow: the URL's area (a building's grid cell), else the city. */
export function liveAreaOf(param: AreaParam, cityCode: string): string {
  if (param.kind !== 'code') return cityCode;
  return param.level === 'building' ? param.code.slice(0, 15) : param.code;
}

/** No message for this long (ms) means the feed is stale: heartbeats come every 5 s. */
export const STALE_AFTER_MS = 8_000;

export function isStale(connected: boolean, heardAt: number | null, now: number): boolean {
  return !connected || heardAt === null || now - heardAt > STALE_AFTER_MS;
}

import { levelOfCode } from '../../../../shared/src/city/codes.js';
import type { AreaParam } from '../../area/selection.js';

/**
 * The district tour (`?rotate=<seconds>`): the wall shows its base area (the URL's area, else the
 * city), then each of its children the overview knows (the city's districts, a district's
 * streets), one period each, and starts again. Pure: time comes in as arguments.
 */
export function tourStops(base: string, known: readonly string[]): string[] {
  const level = levelOfCode(base);
  const children =
    level === 'city'
      ? known.filter((c) => c.length === 6 && levelOfCode(c) === 'district')
      : level === 'district'
        ? known.filter((c) => c.length === 9 && c.startsWith(base))
        : [];
  return [base, ...[...new Set(children)].sort()];
}

/** Which stop is shown at `now`, for a tour started at `startedAt` (ms). */
export function tourIndex(startedAt: number, now: number, periodMs: number, stops: number): number {
  if (stops <= 1 || periodMs <= 0) return 0;
  return Math.floor(Math.max(0, now - startedAt) / periodMs) % stops;
}

/** When the shown stop changes next (ms). */
export function nextTourChange(startedAt: number, now: number, periodMs: number): number {
  return startedAt + (Math.floor(Math.max(0, now - startedAt) / periodMs) + 1) * periodMs;
}

/** A stop as the map's area parameter. */
export function stopParam(code: string): AreaParam {
  return { kind: 'code', code, level: levelOfCode(code) };
}

/** The tour paused (an alarm took the wall over) from `pausedAt` to `resumedAt`: its new start, so it goes on where it stopped. */
export function resumedStart(startedAt: number, pausedAt: number, resumedAt: number): number {
  return startedAt + Math.max(0, resumedAt - pausedAt);
}

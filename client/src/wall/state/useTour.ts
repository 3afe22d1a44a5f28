import { useEffect, useMemo, useRef, useState } from 'react';
import type { OverviewAreas } from '../../api/loadCity.js';
import { liveAreaOf } from '../../live/liveArea.js';
import type { AreaParam } from '../../area/selection.js';
import { nextTourChange, stopParam, tourIndex, tourStops } from './tour.js';
import { usePauseShift } from './usePauseShift.js';

export interface TourState {
  /** The area shown now: the URL's own parameter when there is no tour. */
  param: AreaParam;
  /** 0-based stop and number of stops; count 1 means no tour. */
  index: number;
  count: number;
}

/**
 * Rotates the wall through the base area's children every `seconds` (0 = off), with one timer.
 * `paused` (an alarm takeover) holds the current stop; it then keeps the rest of its period.
 */
export function useTour(base: AreaParam, cityCode: string | null, overview: OverviewAreas | null, seconds: number, paused = false): TourState {
  const stops = useMemo(() => {
    if (seconds <= 0 || !cityCode || !overview) return null;
    const known = [...overview.districts, ...overview.streets].map((f) => f.properties.code);
    const list = tourStops(liveAreaOf(base, cityCode), known);
    return list.length > 1 ? list : null;
  }, [base, cityCode, overview, seconds]);
  const [startedAt, setStartedAt] = useState(() => Date.now());
  const [now, setNow] = useState(startedAt);
  const pausedAt = useRef<number | null>(null);
  const periodMs = seconds * 1000;
  usePauseShift(paused, pausedAt, setStartedAt, setNow);
  useEffect(() => {
    if (!stops || paused) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, nextTourChange(startedAt, now, periodMs) - Date.now()));
    return () => clearTimeout(timer);
  }, [stops, startedAt, now, periodMs, paused]);
  const index = stops ? tourIndex(startedAt, now, periodMs, stops.length) : 0;
  // The base stop keeps the URL's parameter (a grid or building stays as given).
  const param = useMemo(() => (stops && index > 0 ? stopParam(stops[index]!) : base), [stops, index, base]);
  return { param, index, count: stops?.length ?? 1 };
}

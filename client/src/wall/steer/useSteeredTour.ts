import { useEffect, useRef, useState } from 'react';
import type { SteerTour } from '../../../../shared/src/steer/wallStatus.js';
import { usePauseShift } from '../state/usePauseShift.js';
import { steeredStop } from './steeredView.js';

/**
 * The stop a steered tour shows now, moving on by itself every `tour.seconds` from `startedAt`
 * (local ms) unless held; `paused` (an alarm or a case card) holds it and then lets it keep the
 * rest of its period, as the wall's own tour does. One timer.
 */
export function useSteeredTour(tour: SteerTour | null, startedAt: number, paused: boolean): number {
  const [start, setStart] = useState(startedAt);
  const [now, setNow] = useState(() => Date.now());
  const pausedAt = useRef<number | null>(null);
  useEffect(() => {
    setStart(startedAt);
    setNow(Date.now());
    pausedAt.current = null;
  }, [startedAt, tour]);
  usePauseShift(paused, pausedAt, setStart, setNow);
  const running = tour !== null && !tour.held && !paused && tour.stops.length > 1;
  useEffect(() => {
    if (!running || !tour) return;
    const period = tour.seconds * 1000;
    const next = start + (Math.floor(Math.max(0, now - start) / period) + 1) * period;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, next - Date.now()));
    return () => clearTimeout(timer);
  }, [running, tour, start, now]);
  // While paused no timer moves `now` on, so the stop stays where the pause found it.
  return tour ? steeredStop(tour, start, now) : 0;
}

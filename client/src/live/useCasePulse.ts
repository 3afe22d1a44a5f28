import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeedView } from '../../../shared/src/live/areaFeed.js';
import { PULSE_MS, type Pulse } from '../map/layers/liveLayers.js';
import { CasePulses } from './casePulse.js';

/** Pulse animation cadence: ~20 fps is smooth for a growing ring and halves the redraws of 60. */
const PULSE_TICK_MS = 50;
const NO_PULSES: Pulse[] = [];

/**
 * The cases of `view.latest` pulsing now, and a frame counter for deck.gl's updateTriggers. A timer
 * ticks only while a pulse runs (at most PULSE_MS after the newest case), so an idle wall redraws nothing.
 */
export function useCasePulse(view: FeedView | null): { pulses: Pulse[]; frame: number } {
  const tracker = useRef(new CasePulses(PULSE_MS));
  const area = useRef<string | null>(null);
  const [now, setNow] = useState(0);
  const latest = view?.latest;

  useEffect(() => {
    if (!latest) return;
    if (area.current !== view?.area) {
      tracker.current.reset();
      area.current = view?.area ?? null;
    }
    const start = Date.now();
    tracker.current.update(latest, start);
    // Also after a delta with no new case: pulses started by an earlier one must run to their end.
    if (start >= tracker.current.endsAt()) return;
    setNow(start);
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= tracker.current.endsAt()) clearInterval(timer);
    }, PULSE_TICK_MS);
    return () => clearInterval(timer);
  }, [latest, view?.area]);

  // Same (empty) array while nothing pulses, so the layers are not rebuilt.
  const pulses = useMemo(() => {
    const active = latest ? tracker.current.active(latest, now) : [];
    return active.length > 0 ? active : NO_PULSES;
  }, [latest, now]);
  return { pulses, frame: now };
}

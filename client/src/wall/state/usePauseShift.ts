import { useEffect, type Dispatch, type MutableRefObject, type SetStateAction } from 'react';
import { resumedStart } from './tour.js';

/**
 * Holds a tour's stop while `paused` (an alarm takeover, a case card): `pausedAt` records when the
 * pause began, and when it ends the tour's start moves on by the pause, so the stop keeps the rest
 * of its period, and `now` is renewed. The wall's own tour and a steered one pause alike.
 */
export function usePauseShift(
  paused: boolean,
  pausedAt: MutableRefObject<number | null>,
  setStart: Dispatch<SetStateAction<number>>,
  setNow: Dispatch<SetStateAction<number>>,
): void {
  useEffect(() => {
    if (paused) {
      pausedAt.current ??= Date.now();
      return;
    }
    const since = pausedAt.current;
    if (since === null) return;
    const resumed = Date.now();
    setStart((s) => resumedStart(s, since, resumed));
    setNow(resumed);
    pausedAt.current = null;
  }, [paused, pausedAt, setStart, setNow]);
}

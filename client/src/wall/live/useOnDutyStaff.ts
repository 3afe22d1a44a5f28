import { useEffect, useState } from 'react';
import { fetchJson } from '../api/fetchJson.js';
import { parseStaffPositions, staffUrl, type StaffPoint } from '../api/staffPositions.js';

/** Workers move slowly and the roster changes by shift: a 500-row poll every 30 s is plenty. */
export const STAFF_POLL_MS = 30_000;

/**
 * On-duty workers of `area` with a position (≤ STAFF_LIMIT), polled while `enabled`. Each poll is
 * aborted on unmount or when the area changes; a failed poll keeps the previous positions (the
 * next one may succeed) and an area change clears them.
 */
export function useOnDutyStaff(area: string | null, enabled: boolean): StaffPoint[] {
  const [workers, setWorkers] = useState<StaffPoint[]>([]);
  useEffect(() => {
    setWorkers([]);
    if (!enabled || area === null) return;
    let controller: AbortController | null = null;
    const poll = (): void => {
      controller?.abort();
      const c = new AbortController();
      controller = c;
      fetchJson(fetch, staffUrl(area), parseStaffPositions, c.signal).then(
        (points) => {
          if (!c.signal.aborted) setWorkers(points);
        },
        () => {}, // aborted, or a transient failure: keep what is drawn
      );
    };
    poll();
    const timer = setInterval(poll, STAFF_POLL_MS);
    return () => {
      clearInterval(timer);
      controller?.abort();
    };
  }, [area, enabled]);
  return workers;
}

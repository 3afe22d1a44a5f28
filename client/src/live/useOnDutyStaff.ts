import { parseStaffPositions, staffUrl, type StaffPoint } from '../api/staffPositions.js';
import { usePolled } from '../hooks/usePolled.js';

/** Workers move slowly and the roster changes by shift: a 500-row poll every 30 s is plenty. */
export const STAFF_POLL_MS = 30_000;
const NONE: StaffPoint[] = [];

/**
 * On-duty workers of `area` with a position (≤ STAFF_LIMIT), polled while `enabled`. A failed poll
 * keeps the previous positions (the next one may succeed) and an area change clears them.
 */
export function useOnDutyStaff(area: string | null, enabled: boolean): StaffPoint[] {
  return usePolled(enabled && area !== null ? staffUrl(area) : null, parseStaffPositions, STAFF_POLL_MS, NONE);
}

/** Minutes after midnight, Beijing time; `end <= start` means the span runs past midnight. */
export interface ShiftSpan {
  start: number;
  end: number;
}

/** A weekly pattern: `week[0]` is Monday; null is a day off. */
export interface Shift {
  label: string;
  week: readonly (ShiftSpan | null)[];
}

const BEIJING_OFFSET_MS = 8 * 3600_000; // UTC+8 all year, no daylight saving
const DAY_MS = 86_400_000;

/** Weekday (0 = Monday) and minute of the day in Beijing time. */
export function beijingTime(ms: number): { weekday: number; minute: number } {
  const local = ms + BEIJING_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  // 1970-01-01 was a Thursday (weekday 3 counting from Monday)
  return { weekday: (((day + 3) % 7) + 7) % 7, minute: Math.floor((local - day * DAY_MS) / 60_000) };
}

/** Whether the shift covers a minute: today's span, or yesterday's span running past midnight. */
export function shiftCovers(shift: Shift, weekday: number, minute: number): boolean {
  const today = shift.week[weekday];
  if (today && (today.end > today.start ? minute >= today.start && minute < today.end : minute >= today.start)) return true;
  const yesterday = shift.week[(weekday + 6) % 7];
  return !!yesterday && yesterday.end <= yesterday.start && minute < yesterday.end;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** For display: the label and one "07:00-15:30" (or null for a day off) per weekday, Monday first. */
export function formatShift(shift: Shift): { label: string; week: (string | null)[] } {
  return { label: shift.label, week: shift.week.map((s) => (s ? `${hhmm(s.start)}-${hhmm(s.end)}` : null)) };
}

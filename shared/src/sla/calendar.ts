/**
 * Working time for SLA clocks: deadlines of ordinary cases count working minutes (e.g. "three
 * street lamps out: 1 working day"), urgent ones count natural time. All times are epoch ms;
 * the calendar works in Beijing time (UTC+8, no daylight saving).
 */
export interface WorkingCalendar {
  /** Working periods of a working day, minutes after midnight, ascending, e.g. [[510, 720], [840, 1080]]. */
  periods: [number, number][];
  /** Dates (YYYY-MM-DD) that are days off although they fall on Monday–Friday (法定节假日). */
  holidays: string[];
  /** Dates that are working days although they fall on a weekend (调休上班). */
  workdays: string[];
}

const OFFSET = 8 * 3600_000;
const DAY = 86_400_000;
const MINUTE = 60_000;

/** 08:30–12:00 and 14:00–18:00, the usual hours of a Chinese government service centre. */
export const DEFAULT_PERIODS: [number, number][] = [
  [8 * 60 + 30, 12 * 60],
  [14 * 60, 18 * 60],
];

function dateKey(localDayStart: number): string {
  return new Date(localDayStart).toISOString().slice(0, 10);
}

export class WorkCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  readonly minutesPerDay: number;

  constructor(private readonly calendar: WorkingCalendar) {
    let last = -1;
    for (const [a, b] of calendar.periods) {
      if (!(a >= 0 && b <= 1440 && a < b && a >= last)) throw new Error(`working periods must be ascending minute ranges within a day, got [${a}, ${b}]`);
      last = b;
    }
    this.holidays = new Set(calendar.holidays);
    this.workdays = new Set(calendar.workdays);
    this.minutesPerDay = calendar.periods.reduce((s, [a, b]) => s + b - a, 0);
  }

  /** Working-day answers by day number: deadlines are computed for every new case. Bounded. */
  private readonly dayCache = new Map<number, boolean>();

  /** Whether the Beijing-time day containing `ms` is a working day. */
  isWorkingDay(ms: number): boolean {
    const day = Math.floor((ms + OFFSET) / DAY);
    let working = this.dayCache.get(day);
    if (working === undefined) {
      if (this.dayCache.size >= 4096) this.dayCache.clear();
      working = this.computeWorkingDay(day * DAY);
      this.dayCache.set(day, working);
    }
    return working;
  }

  private computeWorkingDay(dayStart: number): boolean {
    const key = dateKey(dayStart);
    if (this.workdays.has(key)) return true;
    if (this.holidays.has(key)) return false;
    const weekday = new Date(dayStart).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The instant `minutes` working minutes after `start`. */
  addWorkingMinutes(start: number, minutes: number): number {
    if (minutes <= 0) return start;
    if (this.minutesPerDay === 0) throw new Error('the calendar has no working time');
    let remaining = minutes;
    let local = start + OFFSET;
    for (let guard = 0; guard < 3660; guard++) {
      const dayStart = Math.floor(local / DAY) * DAY;
      if (this.isWorkingDay(dayStart - OFFSET)) {
        for (const [a, b] of this.calendar.periods) {
          const from = Math.max(local, dayStart + a * MINUTE);
          const to = dayStart + b * MINUTE;
          if (from >= to) continue;
          const available = (to - from) / MINUTE;
          if (available >= remaining) return from + remaining * MINUTE - OFFSET;
          remaining -= available;
        }
      }
      local = dayStart + DAY;
    }
    throw new Error('no working time found within ten years');
  }

  /** Working minutes between two instants (0 if end ≤ start). */
  workingMinutesBetween(start: number, end: number): number {
    if (end <= start) return 0;
    let total = 0;
    let local = start + OFFSET;
    const localEnd = end + OFFSET;
    while (local < localEnd) {
      const dayStart = Math.floor(local / DAY) * DAY;
      if (this.isWorkingDay(dayStart - OFFSET)) {
        for (const [a, b] of this.calendar.periods) {
          const from = Math.max(local, dayStart + a * MINUTE);
          const to = Math.min(localEnd, dayStart + b * MINUTE);
          if (to > from) total += (to - from) / MINUTE;
        }
      }
      local = dayStart + DAY;
    }
    return total;
  }
}

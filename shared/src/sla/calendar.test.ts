import { describe, expect, it } from 'vitest';
import { DEFAULT_PERIODS, WorkCalendar } from './calendar.js';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
// National Day 2026: 10-01..10-07 off, 10-10 (Saturday) worked (illustrative).
const calendar = new WorkCalendar({ periods: DEFAULT_PERIODS, holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-10-10'] });

describe('working-time calendar', () => {
  it('counts a working day as 7.5 hours of service time', () => {
    expect(calendar.minutesPerDay).toBe(450);
  });

  it('adds working minutes within a period, across lunch and overnight', () => {
    expect(calendar.addWorkingMinutes(at('2026-11-23T09:00:00'), 60)).toBe(at('2026-11-23T10:00:00'));
    expect(calendar.addWorkingMinutes(at('2026-11-23T11:30:00'), 60)).toBe(at('2026-11-23T14:30:00'));
    expect(calendar.addWorkingMinutes(at('2026-11-23T17:30:00'), 60)).toBe(at('2026-11-24T09:00:00'));
    expect(calendar.addWorkingMinutes(at('2026-11-23T22:00:00'), 30)).toBe(at('2026-11-24T09:00:00'));
  });

  it('skips weekends and holidays, and works on make-up days', () => {
    expect(calendar.addWorkingMinutes(at('2026-11-27T17:00:00'), 120)).toBe(at('2026-11-30T09:30:00')); // Friday → Monday
    expect(calendar.isWorkingDay(at('2026-10-01T10:00:00'))).toBe(false);
    expect(calendar.isWorkingDay(at('2026-10-10T10:00:00'))).toBe(true);
    expect(calendar.addWorkingMinutes(at('2026-09-30T17:30:00'), 60)).toBe(at('2026-10-08T09:00:00'));
  });

  it('measures working minutes between two instants, the inverse of adding them', () => {
    const start = at('2026-11-23T16:10:00');
    for (const m of [1, 50, 110, 450, 451, 2000]) expect(calendar.workingMinutesBetween(start, calendar.addWorkingMinutes(start, m))).toBeCloseTo(m, 6);
    expect(calendar.workingMinutesBetween(at('2026-11-28T09:00:00'), at('2026-11-29T18:00:00'))).toBe(0); // a weekend
  });

  it('refuses a malformed calendar', () => {
    expect(() => new WorkCalendar({ periods: [[600, 500]], holidays: [], workdays: [] })).toThrow(/ascending/);
  });
});

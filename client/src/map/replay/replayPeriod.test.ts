import { describe, expect, it } from 'vitest';
import { beijingDayStart, beijingTime, replayPeriod } from './replayPeriod.js';

describe('replay periods in Beijing days', () => {
  it('reads a day as 00:00 to 24:00 Beijing time', () => {
    expect(replayPeriod('2026-11-23')).toEqual({ from: Date.parse('2026-11-22T16:00:00Z'), to: Date.parse('2026-11-23T16:00:00Z') });
    expect(beijingTime(Date.parse('2026-11-23T02:00:00Z'))).toBe('2026-11-23 10:00:00');
  });

  it('reads a range with both days included, up to 31 days', () => {
    expect(replayPeriod('2026-11-01', '2026-11-03')).toEqual({ from: Date.parse('2026-10-31T16:00:00Z'), to: Date.parse('2026-11-03T16:00:00Z') });
    expect(replayPeriod('2026-11-01', '2026-12-01')).not.toBeNull();
    expect(replayPeriod('2026-11-01', '2026-12-02')).toBeNull();
  });

  it('refuses what is not a day, and an end before the start', () => {
    for (const bad of ['', '2026-02-30', '2026-1-5', '23.11.2026', 'today']) expect(beijingDayStart(bad), bad).toBeNull();
    expect(replayPeriod('2026-11-05', '2026-11-04')).toBeNull();
    expect(replayPeriod('2026-11-05', 'x')).toBeNull();
  });
});

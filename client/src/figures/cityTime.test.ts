import { describe, expect, it } from 'vitest';
import { beijingClock, beijingStamp } from './cityTime.js';

describe('city time', () => {
  it('writes times in Beijing time', () => {
    expect(beijingClock(Date.parse('2025-06-01T23:05:00+08:00'))).toBe('23:05');
    expect(beijingClock(Date.parse('2025-06-01T16:30:00Z'))).toBe('00:30');
    expect(beijingClock(Number.NaN)).toBe('--:--');
  });

  it('dates a board time that is not on today’s Beijing day, in the width of a time', () => {
    const now = Date.parse('2025-12-07T09:30:00+08:00');
    expect(beijingStamp(Date.parse('2025-12-07T08:07:00+08:00'), now)).toBe('08:07');
    expect(beijingStamp(Date.parse('2025-12-07T00:00:00+08:00'), now)).toBe('00:00');
    expect(beijingStamp(Date.parse('2025-12-06T08:07:00+08:00'), now)).toBe('12-06');
    expect(beijingStamp(Date.parse('2025-12-06T23:59:59+08:00'), now)).toBe('12-06');
    // 23:30 UTC on the 6th is 07:30 on the 7th in Beijing: today, whatever the wall's own zone.
    expect(beijingStamp(Date.parse('2025-12-06T23:30:00Z'), now)).toBe('07:30');
    expect(beijingStamp(Date.parse('2025-11-30T15:59:00Z'), now)).toBe('11-30');
    expect(beijingStamp(Number.NaN, now)).toBe('--:--');
  });
});

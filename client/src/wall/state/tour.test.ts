import { describe, expect, it } from 'vitest';
import { nextTourChange, resumedStart, stopParam, tourIndex, tourStops } from './tour.js';

const known = ['410100', '410105', '410102', '410105001', '410105002', '410102001', '410171'];

describe('tourStops', () => {
  it('tours the city and its districts, in code order', () => {
    expect(tourStops('410100', known)).toEqual(['410100', '410102', '410105', '410171']);
  });

  it('tours a district and its streets', () => {
    expect(tourStops('410105', known)).toEqual(['410105', '410105001', '410105002']);
  });

  it('stays on an area whose children the overview does not know', () => {
    expect(tourStops('410105001', known)).toEqual(['410105001']);
  });
});

describe('tour clock', () => {
  it('shows each stop for one period, round and round', () => {
    const at = (seconds: number) => tourIndex(1_000, 1_000 + seconds * 1000, 30_000, 4);
    expect([0, 29.999, 30, 60, 90, 119.999, 120, 150].map(at)).toEqual([0, 0, 1, 2, 3, 3, 0, 1]);
    expect(tourIndex(0, 99_999, 30_000, 1)).toBe(0);
    expect(tourIndex(5_000, 0, 30_000, 4)).toBe(0); // a clock behind the start
  });

  it('says when the stop changes next', () => {
    expect(nextTourChange(1_000, 1_000, 30_000)).toBe(31_000);
    expect(nextTourChange(1_000, 30_999, 30_000)).toBe(31_000);
    expect(nextTourChange(1_000, 31_000, 30_000)).toBe(61_000);
  });

  it('turns a stop into the map’s area parameter', () => {
    expect(stopParam('410105')).toEqual({ kind: 'code', code: '410105', level: 'district' });
    expect(stopParam('410100')).toEqual({ kind: 'code', code: '410100', level: 'city' });
  });
});

describe('tour pause', () => {
  it('goes on where it stopped: the stop keeps the rest of its period', () => {
    // 10 s a stop, paused 4 s into the second stop for 15 s.
    const start = resumedStart(0, 14_000, 29_000);
    expect(tourIndex(start, 29_000, 10_000, 3)).toBe(1);
    expect(nextTourChange(start, 29_000, 10_000)).toBe(35_000);
  });
});

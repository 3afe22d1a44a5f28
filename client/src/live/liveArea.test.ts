import { describe, expect, it } from 'vitest';
import { parseAreaParam } from '../area/selection.js';
import { isStale, liveAreaOf, STALE_AFTER_MS } from './liveArea.js';

describe('live area', () => {
  it('follows ?area= for city-to-grid codes, a building’s grid cell, the city otherwise', () => {
    const follow = (search: string) => liveAreaOf(parseAreaParam(search), '410100');
    expect(follow('?area=410105')).toBe('410105');
    expect(follow('?area=410105001003001')).toBe('410105001003001');
    expect(follow('?area=410105001003001001')).toBe('410105001003001');
    expect(follow('?area=abc')).toBe('410100');
    expect(follow('')).toBe('410100');
  });

  it('calls the feed stale when disconnected or silent past the heartbeat', () => {
    expect(isStale(true, 1000, 1000 + STALE_AFTER_MS)).toBe(false);
    expect(isStale(true, 1000, 1001 + STALE_AFTER_MS)).toBe(true);
    expect(isStale(false, 1000, 1000)).toBe(true);
    expect(isStale(true, null, 0)).toBe(true);
  });
});

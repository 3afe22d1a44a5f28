import { describe, expect, it } from 'vitest';
import { areaLabel, isStale, liveAreaFromSearch, STALE_AFTER_MS } from './liveArea.js';

describe('live area', () => {
  it('follows ?area= for city-to-grid codes, the city otherwise', () => {
    expect(liveAreaFromSearch('?area=410105', '410100')).toBe('410105');
    expect(liveAreaFromSearch('?area=410105001003001', '410100')).toBe('410105001003001');
    expect(liveAreaFromSearch('?area=410105001003001001', '410100')).toBe('410100'); // a building: the city
    expect(liveAreaFromSearch('?area=abc', '410100')).toBe('410100');
    expect(liveAreaFromSearch('', '410100')).toBe('410100');
  });

  it('names the area from the loaded features, or shows its code', () => {
    const known = [{ properties: { code: '410105', name: '金水区' } }];
    expect(areaLabel('410105', known)).toBe('金水区');
    expect(areaLabel('410105001003', known)).toBe('410105001003');
  });

  it('calls the feed stale when disconnected or silent past the heartbeat', () => {
    expect(isStale(true, 1000, 1000 + STALE_AFTER_MS)).toBe(false);
    expect(isStale(true, 1000, 1001 + STALE_AFTER_MS)).toBe(true);
    expect(isStale(false, 1000, 1000)).toBe(true);
    expect(isStale(true, null, 0)).toBe(true);
  });
});

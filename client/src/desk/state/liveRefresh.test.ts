import { describe, expect, it } from 'vitest';
import { nextLiveRefresh, NO_LIVE_REFRESH } from './liveRefresh.js';

describe('nextLiveRefresh: when the desk asks its figures again for the live stream', () => {
  it('counts a move of the live total within the followed area', () => {
    let s = nextLiveRefresh(NO_LIVE_REFRESH, '410105', 120);
    s = nextLiveRefresh(s, '410105', 121);
    expect(s.moves).toBe(1);
    expect(nextLiveRefresh(s, '410105', 121)).toBe(s);
    expect(nextLiveRefresh(s, '410105', 125).moves).toBe(2);
  });

  it('does not count a new area, nor its first snapshot arriving after the view asked', () => {
    let s = nextLiveRefresh(NO_LIVE_REFRESH, '410105', 120);
    s = nextLiveRefresh(s, '410105', 130);
    // Drilled into a street: no snapshot of it yet, then its first total.
    s = nextLiveRefresh(s, '410105001', null);
    expect(s).toEqual({ area: '410105001', total: null, moves: 1 });
    s = nextLiveRefresh(s, '410105001', 40);
    expect(s.moves).toBe(1);
    expect(nextLiveRefresh(s, '410105001', 41).moves).toBe(2);
    // Back to the district, whose snapshot comes at once with another figure: still no move.
    expect(nextLiveRefresh(s, '410105', 131).moves).toBe(1);
  });

  it('keeps the last total through a gap with no snapshot (a reconnect) and counts the next move', () => {
    let s = nextLiveRefresh(NO_LIVE_REFRESH, '410105', 120);
    expect(nextLiveRefresh(s, '410105', null)).toBe(s);
    s = nextLiveRefresh(s, '410105', 122);
    expect(s.moves).toBe(1);
  });
});

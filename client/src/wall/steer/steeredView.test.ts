import { describe, expect, it } from 'vitest';
import { STEER_VERSION } from '../../../../shared/src/steer/steerCommands.js';
import type { SteerTour, WallSteer } from '../../../../shared/src/steer/wallStatus.js';
import { focusItem, steeredStop, tourStartedAt, wallReport } from './steeredView.js';

const tour: SteerTour = { stops: ['410100', '410102', '410103', '410105'], stop: 1, seconds: 10, held: false, since: 1_000_000 };
const message = (over: Partial<WallSteer> = {}): WallSteer => ({
  v: STEER_VERSION,
  seq: 3,
  at: 1_004_000,
  by: { username: 'a', name: '张' },
  steer: { area: '410100', metric: null, layers: null, tour, focus: null, scene: null },
  ...over,
});

describe('the steered wall (pure parts)', () => {
  it('places the tour period by the server’s age of it, whatever the wall’s clock', () => {
    // 4 s into the period at the server when sent: the wall's period began 4 s before it arrived.
    expect(tourStartedAt(message(), 50_000)).toBe(46_000);
    expect(tourStartedAt(message({ steer: null }), 50_000)).toBe(50_000);
  });

  it('moves a running tour on every period from its stop, and not a held one', () => {
    expect(steeredStop(tour, 0, 9_999)).toBe(1);
    expect(steeredStop(tour, 0, 10_000)).toBe(2);
    expect(steeredStop(tour, 0, 30_000)).toBe(0);
    expect(steeredStop({ ...tour, held: true }, 0, 30_000)).toBe(1);
  });

  it('shows a commanded case as a takeover card of its own kind, keyed per command', () => {
    const item = focusItem({ id: 'C1', category: 'SR', urgency: 'major', grid: '410105001001001', lon: 113.6, lat: 34.7, reportedAt: '2026-12-07T01:00:00Z' }, 7);
    expect(item).toEqual({ key: 'steer:7:C1', kind: 'steered', caseId: 'C1', category: 'SR', urgency: 'major', grid: '410105001001001', position: [113.6, 34.7], at: Date.parse('2026-12-07T01:00:00Z') });
  });

  it('reports the layers steering knows of, in drawing order', () => {
    const report = wallReport({ area: '410105', tour: null, takeover: null, metric: 'open', layers: new Set(['points', 'choropleth']), steerSeq: null });
    expect(report).toEqual({ v: STEER_VERSION, area: '410105', tour: null, takeover: null, metric: 'open', layers: ['choropleth', 'points'], steerSeq: null });
    // 党建引领's layers are steerable too, drawn (and reported) above the live ones.
    const party = wallReport({ area: '410105', tour: null, takeover: null, metric: 'open', layers: new Set(['centres', 'points', 'coverage']), steerSeq: 4 });
    expect(party.layers).toEqual(['points', 'coverage', 'centres']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Scene } from './steerCommands.js';
import { SteerCommand } from './steerCommands.js';
import { applySteer, currentStop, tourAt, tourStopsOf, type SteerContext } from './steerState.js';
import type { SteerState, WallShows } from './wallStatus.js';

const T0 = Date.parse('2026-12-07T02:00:00Z');
const STOPS: Record<string, string[]> = {
  '410100': tourStopsOf('410100', ['410105', '410102', '410103']),
  '410105': tourStopsOf('410105', ['410105002', '410105001']),
};
const ctx = (over: Partial<SteerContext> = {}): SteerContext => ({ now: T0, wallScope: '410100', shows: null, stopsOf: (a) => STOPS[a] ?? [a], ...over });
const ok = (outcome: ReturnType<typeof applySteer>): SteerState | null => {
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.state;
};

describe('applySteer: the steered state after each command (pure)', () => {
  it('sorts a tour after its base, each child once', () => {
    expect(STOPS['410100']).toEqual(['410100', '410102', '410103', '410105']);
  });

  it('starts from the wall’s own view: a touring wall keeps its tour and position under a map command', () => {
    const shows: WallShows = { area: '410103', tour: { base: '410100', index: 2, count: 4, seconds: 20, held: false }, takeover: null, metric: 'open', layers: [], steerSeq: null, at: T0 };
    const state = ok(applySteer(null, { type: 'map', metric: 'overdue' }, ctx({ shows })));
    expect(state).toMatchObject({ area: '410100', metric: 'overdue', layers: null, tour: { stops: STOPS['410100'], stop: 2, seconds: 20, held: false } });
    // Hold and next act on that same tour.
    const held = ok(applySteer(null, { type: 'tour', action: 'hold' }, ctx({ shows })));
    expect(held!.tour).toMatchObject({ stop: 2, held: true });
    const next = ok(applySteer(held, { type: 'tour', action: 'next' }, ctx({ shows })));
    expect(next!.tour).toMatchObject({ stop: 3, held: true });
    expect(ok(applySteer(next, { type: 'tour', action: 'next' }, ctx()))!.tour!.stop).toBe(0);
    expect(ok(applySteer(held, { type: 'tour', action: 'previous' }, ctx()))!.tour!.stop).toBe(1);
  });

  it('moves a running tour on by the clock, and restarts the period on next', () => {
    const started = ok(applySteer(null, { type: 'tour', action: 'start', seconds: 10 }, ctx()))!;
    expect(started.tour).toMatchObject({ stop: 0, since: T0, held: false });
    expect(currentStop(started.tour!, T0 + 9_999)).toBe(0);
    expect(currentStop(started.tour!, T0 + 25_000)).toBe(2);
    expect(currentStop(started.tour!, T0 + 45_000)).toBe(0); // 4 stops: round again
    expect(tourAt(started.tour!, T0 + 25_000)).toMatchObject({ stop: 2, since: T0 + 20_000 });
    const next = ok(applySteer(started, { type: 'tour', action: 'next' }, ctx({ now: T0 + 25_000 })))!;
    expect(next.tour).toMatchObject({ stop: 3, since: T0 + 25_000 });
  });

  it('tours the shown area: a district shown by the city tour tours its streets', () => {
    const cityTour = ok(applySteer(null, { type: 'tour', action: 'start', seconds: 10 }, ctx()))!;
    const onJinshui = ok(applySteer(cityTour, { type: 'tour', action: 'next' }, ctx({ now: T0 + 25_000 })))!; // stop 3: 410105
    const streets = ok(applySteer(onJinshui, { type: 'tour', action: 'start' }, ctx({ now: T0 + 26_000 })))!;
    expect(streets).toMatchObject({ area: '410105', tour: { stops: STOPS['410105'], stop: 0, seconds: 10 } });
  });

  it('refuses tour commands without a tour, and a tour of an area with nothing below it', () => {
    for (const action of ['hold', 'resume', 'next', 'previous'] as const) {
      expect(applySteer(null, { type: 'tour', action }, ctx())).toMatchObject({ ok: false, field: 'action' });
    }
    const street = ok(applySteer(null, { type: 'show-area', area: '410105001' }, ctx()));
    expect(applySteer(street, { type: 'tour', action: 'start' }, ctx())).toMatchObject({ ok: false, field: 'action', message: expect.stringContaining('410105001') });
  });

  it('holds the tour under a case card; resume and next close the card', () => {
    const tour = ok(applySteer(null, { type: 'tour', action: 'start', seconds: 10 }, ctx()))!;
    const focus = { id: 'C1', category: 'SR', urgency: 'major' as const, grid: '410105001001001', lon: 113.67, lat: 34.78, reportedAt: '2026-12-07T01:59:00Z' };
    const card = ok(applySteer(tour, { type: 'show-case', focus }, ctx({ now: T0 + 15_000 })))!;
    expect(card).toMatchObject({ focus: { id: 'C1' }, tour: { stop: 1, held: true } });
    expect(ok(applySteer(card, { type: 'tour', action: 'resume' }, ctx({ now: T0 + 99_000 })))).toMatchObject({ focus: null, tour: { stop: 1, held: false, since: T0 + 99_000 } });
    expect(ok(applySteer(card, { type: 'show-area', area: '410105' }, ctx()))).toMatchObject({ focus: null, tour: null, area: '410105' });
  });

  it('applies a scene whole and releases to null', () => {
    const scene: Scene = { id: 's1', name: '防汛', area: '410105', metric: 'new', layers: ['points'], tourSeconds: 30, createdBy: 'x', createdAt: T0 };
    const applied = ok(applySteer(null, { type: 'scene', scene }, ctx()));
    expect(applied).toEqual({ area: '410105', metric: 'new', layers: ['points'], tour: { stops: STOPS['410105'], stop: 0, seconds: 30, held: false, since: T0 }, focus: null, scene: { id: 's1', name: '防汛' } });
    expect(ok(applySteer(applied, { type: 'scene', scene: { ...scene, tourSeconds: 0 } }, ctx()))!.tour).toBeNull();
    expect(ok(applySteer(applied, { type: 'release' }, ctx()))).toBeNull();
  });
});

describe('SteerCommand: bad commands name their field', () => {
  const field = (body: unknown) => {
    const r = SteerCommand.safeParse(body);
    return r.success ? null : r.error.issues[0]!.path.join('.');
  };
  it('accepts each command and refuses what is off', () => {
    expect(field({ type: 'show-area', area: '410105' })).toBeNull();
    expect(field({ type: 'map', layers: [] })).toBeNull();
    // 党建引领's layers, as the wall's ?layers=...,coverage,centres.
    expect(field({ type: 'map', layers: ['choropleth', 'coverage', 'centres'] })).toBeNull();
    expect(field({ type: 'map', layers: ['party'] })).toBe('layers.0');
    expect(field({ type: 'tour', action: 'start', seconds: 3600 })).toBeNull();
    expect(field({ type: 'fly' })).toBe('type');
    expect(field({ type: 'show-area', area: 'x' })).toBe('area');
    expect(field({ type: 'map' })).toBe('metric');
    expect(field({ type: 'map', layers: ['points', 'points'] })).toBe('layers');
    expect(field({ type: 'tour', action: 'start', seconds: 9 })).toBe('seconds');
    expect(field({ type: 'release', extra: 1 })).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEED } from '../../map/replay/replayClock.js';
import { parseWallReplay } from './wallReplayParams.js';

describe('the wall replay parameters', () => {
  it('is live without ?replay', () => {
    expect(parseWallReplay('?area=410105')).toEqual({ replay: null, problems: [] });
  });

  it('reads a day, a speed and the end', () => {
    expect(parseWallReplay('?replay=2026-11-23&speed=3600&end=stop')).toEqual({
      replay: { from: Date.parse('2026-11-23T00:00:00+08:00'), to: Date.parse('2026-11-24T00:00:00+08:00'), label: '2026-11-23', speed: 3600, end: 'stop' },
      problems: [],
    });
  });

  it('reads a range, and loops at the default speed by default', () => {
    const { replay } = parseWallReplay('?replay=2026-11-01..2026-11-02');
    expect(replay?.to).toBe(Date.parse('2026-11-03T00:00:00+08:00'));
    expect(replay?.speed).toBe(DEFAULT_SPEED);
    expect(replay?.end).toBe('loop');
  });

  it('names what it could not read', () => {
    expect(parseWallReplay('?replay=yesterday')).toEqual({ replay: null, problems: ['replay: yesterday'] });
    const bad = parseWallReplay('?replay=2026-11-23&speed=fast&end=never');
    expect(bad.replay?.speed).toBe(DEFAULT_SPEED);
    expect(bad.replay?.end).toBe('loop');
    expect(bad.problems).toEqual(['speed: fast', 'end: never']);
    expect(parseWallReplay('?replay=2026-11-23&speed=0').problems).toEqual(['speed: 0']);
  });
});

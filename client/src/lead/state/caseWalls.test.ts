import { describe, expect, it } from 'vitest';
import { STEER_VERSION } from '../../../../shared/src/steer/steerCommands.js';
import type { WallStatus } from '../../../../shared/src/steer/wallStatus.js';
import { wallsForCase } from './caseWalls.js';

const CITY = '410100';
const GRID = '410105001001001';
const wall = (device: string, scope: string, holder: string | null): WallStatus => ({
  v: STEER_VERSION,
  device,
  label: device,
  scope,
  online: true,
  shows: null,
  steer: null,
  lock: holder ? { username: holder, name: holder, since: 0, activeAt: 0, expiresAt: 1 } : null,
  seq: 0,
});

describe('wallsForCase', () => {
  it('offers the walls the commander steers, when there are any', () => {
    const walls = [wall('city', CITY, 'zhang'), wall('jinshui', '410105', null), wall('other', '410105', 'li')];
    expect(wallsForCase(walls, 'zhang', GRID, CITY).map((w) => w.device)).toEqual(['city']);
  });

  it('else every wall nobody else holds, whose area holds the case', () => {
    const walls = [wall('city', CITY, null), wall('jinshui', '410105', null), wall('erqi', '410103', null), wall('held', '410105', 'li')];
    expect(wallsForCase(walls, 'zhang', GRID, CITY).map((w) => w.device)).toEqual(['city', 'jinshui']);
  });

  it('offers nothing when every wall is held by others or lies elsewhere', () => {
    expect(wallsForCase([wall('held', CITY, 'li'), wall('erqi', '410103', null)], 'zhang', GRID, CITY)).toEqual([]);
    // The commander's wall elsewhere is not a reason to hide the free ones that hold the case.
    expect(wallsForCase([wall('erqi', '410103', 'zhang'), wall('jinshui', '410105', null)], 'zhang', GRID, CITY).map((w) => w.device)).toEqual(['jinshui']);
  });
});

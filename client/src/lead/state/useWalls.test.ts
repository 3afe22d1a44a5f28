import { describe, expect, it } from 'vitest';
import { STEER_VERSION } from '../../../../shared/src/steer/steerCommands.js';
import type { WallStatus } from '../../../../shared/src/steer/wallStatus.js';
import { mergeWall } from './useWalls.js';

const wall = (device: string, label: string, seq = 0): WallStatus => ({ v: STEER_VERSION, device, label, scope: '410105', online: false, shows: null, steer: null, lock: null, seq });

describe('the walls list', () => {
  it('replaces a wall by device and keeps the others in label order', () => {
    const list = [wall('b', 'B 屏'), wall('a', 'A 屏')].reduce<WallStatus[]>((l, w) => mergeWall(l, w), []);
    expect(list.map((w) => w.device)).toEqual(['a', 'b']);
    const next = mergeWall(list, wall('b', 'B 屏', 3));
    expect(next.map((w) => [w.device, w.seq])).toEqual([
      ['a', 0],
      ['b', 3],
    ]);
    expect(next).toHaveLength(2);
  });
});

import { withinScope } from '../../../../shared/src/access/principal.js';
import type { WallStatus } from '../../../../shared/src/steer/wallStatus.js';

/**
 * The walls a case sheet offers for 在大屏显示: the walls the commander steers now, if any (the
 * case goes where they are looking); else every wall nobody else holds. Only walls whose area
 * holds the case's grid: the server would refuse the others (422).
 */
export function wallsForCase(walls: readonly WallStatus[], username: string, grid: string, cityCode: string): WallStatus[] {
  const able = walls.filter((w) => withinScope(grid, w.scope, cityCode));
  const mine = able.filter((w) => w.lock?.username === username);
  return mine.length > 0 ? mine : able.filter((w) => w.lock === null);
}

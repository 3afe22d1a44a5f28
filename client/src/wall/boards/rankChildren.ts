import type { ChildFigures } from '../../../../shared/src/live/events.js';

/**
 * Child areas best first for a wall ranking: most open cases, then most overdue, then most new in
 * the last hour, then by code (so equal figures never swap places between updates).
 */
export function rankChildren(children: Readonly<Record<string, ChildFigures>>): string[] {
  return Object.entries(children)
    .sort(([a, fa], [b, fb]) => fb[0] - fa[0] || fb[1] - fa[1] || fb[2] - fa[2] || (a < b ? -1 : a > b ? 1 : 0))
    .map(([code]) => code);
}

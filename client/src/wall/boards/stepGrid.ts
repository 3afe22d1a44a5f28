/**
 * When a board steps next: the first multiple of `stepMs` since the epoch at least half a step
 * after the last step. Every board thus steps on the wall clock's grid, not `stepMs` after its
 * previous (late) step: two boards with cadences that divide each other stay in phase for weeks
 * instead of drifting apart by each timer's lateness, a step delayed by a busy main thread is not
 * made up by a quick second one (no speed-up), and two steps are never less than half a step apart.
 * Never stepped: due now.
 */
export function nextStepOnGrid(lastStepAt: number | null, stepMs: number): number {
  if (lastStepAt === null) return Number.NEGATIVE_INFINITY;
  return Math.ceil((lastStepAt + stepMs / 2) / stepMs) * stepMs;
}

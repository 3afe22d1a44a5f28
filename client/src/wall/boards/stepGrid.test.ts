import { describe, expect, it } from 'vitest';
import { FeedBoard } from './feedBoard.js';
import { LoopBoard } from './loopBoard.js';
import { nextStepOnGrid } from './stepGrid.js';

describe('nextStepOnGrid', () => {
  it('is due at once before the first step, then on the next grid point at least half a step later', () => {
    expect(nextStepOnGrid(null, 1500)).toBe(Number.NEGATIVE_INFINITY);
    expect(nextStepOnGrid(3000, 1500)).toBe(4500); // on time
    expect(nextStepOnGrid(3040, 1500)).toBe(4500); // 40 ms late: the grid is kept
    expect(nextStepOnGrid(3800, 1500)).toBe(6000); // over half a step late: that step is skipped, not made up
    expect(nextStepOnGrid(2999, 1500)).toBe(4500);
  });

  it('keeps a feed board (1.5 s) and a ranking board (3 s) in phase for a week of late timers', () => {
    const feed = new FeedBoard<{ id: string }>({ visibleRows: 8, stepMs: 1500, queueCapacity: 200 });
    const ranking = new LoopBoard({ visibleRows: 6, stepMs: 3000, keyOf: (s: string) => s });
    const start = Date.parse('2026-11-23T00:00:00.400+08:00');
    ranking.setRanking(Array.from({ length: 16 }, (_, i) => `s${i}`), start);
    feed.receive([]);
    const week = 7 * 86_400_000;
    let n = 0;
    const feedSteps: number[] = [];
    const rankingSteps: number[] = [];
    // Timers fire 0–60 ms late (a busy main thread), deterministically pseudo-random.
    const late = () => ((n = (n * 1103515245 + 12345) % 2 ** 31), n % 61);
    let now = start;
    let feedDue: number | null = null;
    while (now < start + week) {
      // Cases arrive faster than the board shows them: it always has some waiting (an idle board
      // takes a case at once, off the grid, which is what a quiet wall should do).
      if (feed.queued < 3) feed.receive(Array.from({ length: 3 }, (_, i) => ({ id: `c${now}-${i}` })));
      feedDue = feed.nextStepAt();
      const rankDue = ranking.nextStepAt()!;
      const due = Math.max(now, Math.min(feedDue ?? Infinity, rankDue));
      now = due + late();
      if (feed.step(now)) feedSteps.push(now);
      if (ranking.step(now)) rankingSteps.push(now);
    }
    // The first step is due at once, wherever the clock stands; from the second on, the grid.
    const offGrid = (times: number[], step: number) => times.slice(1).reduce((m, t) => Math.max(m, t % step), 0);
    const minGap = (times: number[]) => times.slice(2).reduce((m, t, i) => Math.min(m, t - times[i + 1]!), Infinity);
    // A week later both still step within a timer's lateness after their grid points, together.
    expect(offGrid(feedSteps, 1500)).toBeLessThanOrEqual(60);
    expect(offGrid(rankingSteps, 3000)).toBeLessThanOrEqual(60);
    expect(minGap(feedSteps)).toBeGreaterThanOrEqual(1500 - 60);
    expect(minGap(rankingSteps)).toBeGreaterThanOrEqual(3000 - 60);
    expect(rankingSteps.length).toBeGreaterThan(week / 3000 - 10);
    expect(feedSteps.length).toBeGreaterThan(week / 1500 - 10);
  });
});

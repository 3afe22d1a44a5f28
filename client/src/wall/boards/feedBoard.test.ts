import { describe, expect, it } from 'vitest';
import { FeedBoard, type FeedBoardConfig } from './feedBoard.js';

interface Row {
  id: string;
  status: string;
}
const row = (n: number, status = 'registered'): Row => ({ id: `c${n}`, status });
/** The feed's latest list for cases 1..n, newest first (as AreaFeed keeps it). */
const latest = (from: number, to: number): Row[] => Array.from({ length: to - from + 1 }, (_, i) => row(to - i));
const ids = (rows: readonly Row[]): string[] => rows.map((r) => r.id);

const config: FeedBoardConfig = { visibleRows: 3, stepMs: 1000, queueCapacity: 5 };

/** Runs the board on a fake clock the way the hook does: one timer at nextStepAt. Returns the step times. */
function runUntil(board: FeedBoard<Row>, start: number, end: number): number[] {
  const times: number[] = [];
  let now = start;
  for (;;) {
    const due = board.nextStepAt();
    if (due === null) break;
    now = Math.max(now, due);
    if (now > end) break;
    expect(board.step(now)).toBe(true);
    times.push(now);
  }
  return times;
}

describe('FeedBoard', () => {
  it('opens full with the newest cases and nothing waiting', () => {
    const board = new FeedBoard<Row>(config);
    board.receive(latest(1, 10));
    expect(ids(board.rows)).toEqual(['c10', 'c9', 'c8']);
    expect(board.queued).toBe(0);
    expect(board.nextStepAt()).toBeNull();
    expect(board.step(0)).toBe(false);
  });

  it('lets a case enter at once when the board has been quiet', () => {
    const board = new FeedBoard<Row>(config);
    board.receive(latest(1, 3));
    board.receive(latest(1, 4));
    expect(board.step(5_000)).toBe(true);
    expect(ids(board.rows)).toEqual(['c4', 'c3', 'c2', 'c1']); // c1 is sliding out
    expect(board.entering).toBe('c4');
  });

  it('lets a burst enter one row per step, in arrival order, at the fixed cadence', () => {
    const board = new FeedBoard<Row>(config);
    board.receive(latest(1, 3));
    board.receive(latest(1, 7)); // four new cases in one delta
    const order: string[] = [];
    const times: number[] = [];
    let now = 10_000;
    while (board.nextStepAt() !== null) {
      now = Math.max(now, board.nextStepAt()!);
      board.step(now);
      order.push(board.entering!);
      times.push(now);
      // More arrive while the board is busy: they queue behind, no speed-up.
      if (order.length === 2) board.receive(latest(1, 8));
    }
    expect(order).toEqual(['c4', 'c5', 'c6', 'c7', 'c8']);
    expect(times).toEqual([10_000, 11_000, 12_000, 13_000, 14_000]);
    expect(ids(board.rows)).toEqual(['c8', 'c7', 'c6', 'c5']);
  });

  it('never steps early, whatever the queue length', () => {
    const board = new FeedBoard<Row>(config);
    board.receive([]);
    board.receive(latest(1, 2));
    expect(board.step(0)).toBe(true);
    expect(board.step(999)).toBe(false);
    expect(board.nextStepAt()).toBe(1000);
    expect(board.step(1000)).toBe(true);
  });

  it('bounds the queue, dropping the oldest waiting cases', () => {
    const board = new FeedBoard<Row>(config);
    board.receive([]);
    board.receive(latest(1, 12));
    expect(board.queued).toBe(5);
    expect(board.dropped).toBe(7);
    expect(runUntil(board, 0, 60_000)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(ids(board.rows)).toEqual(['c12', 'c11', 'c10', 'c9']);
  });

  it('keeps its rows bounded and each case once, over a long run', () => {
    const board = new FeedBoard<Row>(config);
    board.receive([]);
    let now = 0;
    const entered: string[] = [];
    for (let n = 1; n <= 2_000; n++) {
      // The feed keeps the 100 latest; a new case every 700 ms, faster than the board's cadence.
      board.receive(latest(Math.max(1, n - 99), n));
      now += 700;
      while (board.step(now)) entered.push(board.entering!);
      expect(board.rows.length).toBeLessThanOrEqual(config.visibleRows + 1);
      expect(board.queued).toBeLessThanOrEqual(config.queueCapacity);
    }
    expect(new Set(entered).size).toBe(entered.length);
    const numbers = entered.map((id) => Number(id.slice(1)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b)); // in order, gaps only where dropped
    expect(entered.length + board.dropped + board.queued).toBe(2_000);
  });

  it('updates a shown or waiting case in place without moving it', () => {
    const board = new FeedBoard<Row>(config);
    board.receive(latest(1, 3));
    board.receive(latest(1, 4));
    board.receive([row(4, 'closed'), row(3, 'dispatched'), row(2), row(1)]);
    expect(board.rows.map((r) => r.status)).toEqual(['dispatched', 'registered', 'registered']);
    board.step(0);
    expect(board.rows[0]).toEqual(row(4, 'closed'));
  });

  it('queues cases a resync snapshot brings that it never saw, not the ones it showed', () => {
    const board = new FeedBoard<Row>(config);
    board.receive(latest(1, 3));
    board.receive(latest(1, 6)); // after a gap: 4, 5, 6 were missed deltas
    expect(board.queued).toBe(3);
    board.receive(latest(1, 6)); // the same list again changes nothing
    expect(board.queued).toBe(3);
  });
});

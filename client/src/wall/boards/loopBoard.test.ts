import { describe, expect, it } from 'vitest';
import { LoopBoard } from './loopBoard.js';

const letters = (s: string): string[] => s.split('');
/** Items in view (slots 0 .. visibleRows-1), top first. */
const inView = (board: LoopBoard): string => board.rows().filter((r) => r.slot >= 0 && r.slot < board.config.visibleRows).sort((a, b) => a.slot - b.slot).map((r) => r.item).join('');

describe('LoopBoard', () => {
  it('stands still when the ranking fits', () => {
    const board = new LoopBoard({ visibleRows: 4, stepMs: 1000 });
    board.setRanking(letters('abc'), 0);
    expect(board.looping).toBe(false);
    expect(board.nextStepAt()).toBeNull();
    expect(board.rows()).toEqual([
      { key: 'a', item: 'a', slot: 0, rank: 1 },
      { key: 'b', item: 'b', slot: 1, rank: 2 },
      { key: 'c', item: 'c', slot: 2, rank: 3 },
    ]);
  });

  it('re-sorts a ranking that fits at most once per step, rows keeping their keys', () => {
    const board = new LoopBoard({ visibleRows: 4, stepMs: 1000 });
    board.setRanking(letters('abc'), 0);
    board.setRanking(letters('bac'), 100);
    board.setRanking(letters('cab'), 200);
    expect(inView(board)).toBe('abc');
    expect(board.nextStepAt()).toBe(1000);
    expect(board.step(999)).toBe(false);
    expect(board.step(1000)).toBe(true);
    expect(inView(board)).toBe('cab');
    expect(board.rows().find((r) => r.item === 'c')).toEqual({ key: 'c', item: 'c', slot: 0, rank: 1 });
    expect(board.nextStepAt()).toBeNull();
  });

  it('scrolls a long ranking one row per step, round and round, at a fixed cadence', () => {
    const board = new LoopBoard({ visibleRows: 3, stepMs: 1000 });
    board.setRanking(letters('abcde'), 0);
    const seen: string[] = [inView(board)];
    for (let t = 1000; t <= 6000; t += 1000) {
      expect(board.nextStepAt()).toBe(t);
      board.step(t);
      seen.push(inView(board));
    }
    expect(seen).toEqual(['abc', 'bcd', 'cde', 'dea', 'eab', 'abc', 'bcd']);
  });

  it('draws one row leaving above and one waiting below, with stable keys', () => {
    const board = new LoopBoard({ visibleRows: 3, stepMs: 1000 });
    board.setRanking(letters('abcde'), 0);
    board.step(1000);
    const before = board.rows();
    expect(before.map((r) => [r.item, r.slot])).toEqual([['a', -1], ['b', 0], ['c', 1], ['d', 2], ['e', 3]]);
    board.step(2000);
    const after = new Map(board.rows().map((r) => [r.key, r.slot]));
    // Every row still drawn moved up exactly one slot under the same key.
    for (const r of before) if (after.has(r.key)) expect(after.get(r.key)).toBe(r.slot - 1);
    expect(board.rows().length).toBeLessThanOrEqual(3 + 2);
  });

  it('gives each lap the ranking of when it came into the window, never reordering rows in view', () => {
    const board = new LoopBoard({ visibleRows: 2, stepMs: 1000 });
    board.setRanking(letters('abcd'), 0);
    board.setRanking(letters('dcba'), 10); // changes while lap 0 is in view
    let t = 0;
    const views: string[] = [];
    for (let i = 0; i < 8; i++) {
      views.push(inView(board));
      t += 1000;
      board.step(t);
    }
    // Lap 0 keeps abcd; lap 1 (frozen when its first row came into the window) is dcba.
    expect(views).toEqual(['ab', 'bc', 'cd', 'dd', 'dc', 'cb', 'ba', 'ad']);
  });

  it('handles a list just one longer than the view (an item leaving and waiting at once)', () => {
    const board = new LoopBoard({ visibleRows: 2, stepMs: 1000 });
    board.setRanking(letters('abc'), 0);
    board.step(1000);
    const keys = board.rows().map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(board.rows().map((r) => r.item)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('restarts for another set of items', () => {
    const board = new LoopBoard({ visibleRows: 2, stepMs: 1000 });
    board.setRanking(letters('abcd'), 0);
    board.step(1000);
    board.setRanking(letters('xyz'), 1500);
    expect(inView(board)).toBe('xy');
    // The next second of the wall clock's grid at least half a step later (stepGrid.ts).
    expect(board.nextStepAt()).toBe(2000);
  });

  it('stays bounded over a long run', () => {
    const board = new LoopBoard({ visibleRows: 5, stepMs: 1000 });
    const items = Array.from({ length: 15 }, (_, i) => `d${i}`);
    board.setRanking(items, 0);
    for (let t = 1; t <= 10_000; t++) {
      if (t % 7 === 0) board.setRanking([...items].sort(() => (t % 2 ? 1 : -1)), t * 1000);
      board.step(t * 1000);
      expect(board.rows().length).toBeLessThanOrEqual(7);
    }
  });
});

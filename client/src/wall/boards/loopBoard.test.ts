import { describe, expect, it } from 'vitest';
import { LoopBoard } from './loopBoard.js';

const letters = (s: string): string[] => s.split('');
const keyOf = (item: string): string => item;
/** Items in view (slots 0 .. visibleRows-1), top first. */
const inView = (board: LoopBoard<string>): string => board.rows().filter((r) => r.slot >= 0 && r.slot < board.config.visibleRows).sort((a, b) => a.slot - b.slot).map((r) => r.item).join('');

describe('LoopBoard', () => {
  it('stands still when the ranking fits', () => {
    const board = new LoopBoard({ visibleRows: 4, stepMs: 1000, keyOf });
    board.setRanking(letters('abc'), 0);
    expect(board.looping).toBe(false);
    expect(board.nextStepAt()).toBeNull();
    expect(board.rows()).toEqual([
      { key: 'a', item: 'a', slot: 0, rank: 1, glide: false },
      { key: 'b', item: 'b', slot: 1, rank: 2, glide: false },
      { key: 'c', item: 'c', slot: 2, rank: 3, glide: false },
    ]);
  });

  it('re-sorts a ranking that fits at most once per step, rows keeping their keys', () => {
    const board = new LoopBoard({ visibleRows: 4, stepMs: 1000, keyOf });
    board.setRanking(letters('abc'), 0);
    board.setRanking(letters('bac'), 100);
    board.setRanking(letters('cab'), 200);
    expect(inView(board)).toBe('abc');
    expect(board.nextStepAt()).toBe(1000);
    expect(board.step(999)).toBe(false);
    expect(board.step(1000)).toBe(true);
    expect(inView(board)).toBe('cab');
    // Re-sorted rows jump: gliding, two of them would cross and be drawn on top of each other.
    expect(board.rows().find((r) => r.item === 'c')).toEqual({ key: 'c', item: 'c', slot: 0, rank: 1, glide: false });
    expect(board.nextStepAt()).toBeNull();
  });

  it('scrolls a long ranking one row per step, round and round, at a fixed cadence', () => {
    const board = new LoopBoard({ visibleRows: 3, stepMs: 1000, keyOf });
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
    const board = new LoopBoard({ visibleRows: 3, stepMs: 1000, keyOf });
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
    const board = new LoopBoard({ visibleRows: 2, stepMs: 1000, keyOf });
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
    const board = new LoopBoard({ visibleRows: 2, stepMs: 1000, keyOf });
    board.setRanking(letters('abc'), 0);
    board.step(1000);
    const keys = board.rows().map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(board.rows().map((r) => r.item)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('restarts for another set of items', () => {
    const board = new LoopBoard({ visibleRows: 2, stepMs: 1000, keyOf });
    board.setRanking(letters('abcd'), 0);
    board.step(1000);
    board.setRanking(letters('xyz'), 1500);
    expect(inView(board)).toBe('xy');
    // The next second of the wall clock's grid at least half a step later (stepGrid.ts).
    expect(board.nextStepAt()).toBe(2000);
  });

  it('stays bounded over a long run', () => {
    const board = new LoopBoard({ visibleRows: 5, stepMs: 1000, keyOf });
    const items = Array.from({ length: 15 }, (_, i) => `d${i}`);
    board.setRanking(items, 0);
    for (let t = 1; t <= 10_000; t++) {
      if (t % 7 === 0) board.setRanking([...items].sort(() => (t % 2 ? 1 : -1)), t * 1000);
      board.step(t * 1000);
      expect(board.rows().length).toBeLessThanOrEqual(7);
    }
  });

  describe('rows agree with their places through live updates and scrolling', () => {
    interface Unit {
      code: string;
      score: number;
    }
    /** A seeded PRNG (mulberry32): the same run every time. */
    const random = (seed: number) => () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    /** The server's ranking: best score first, ties by code. */
    const rank = (units: Unit[]) => [...units].sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : 1));
    /** Rows in view top first; each run of rows from one lap must read 1, 2, 3 … with falling scores. */
    const problems = (board: LoopBoard<Unit>, length: number, t: number): string[] => {
      const rows = board.rows().filter((r) => r.slot >= 0 && r.slot < board.config.visibleRows).sort((a, b) => a.slot - b.slot);
      const out: string[] = [];
      if (rows.length !== Math.min(length, board.config.visibleRows)) out.push(`${t}: ${rows.length} rows in view`);
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1]!, rows[i]!];
        if (b.rank === 1) continue; // the next lap starts over
        if (b.rank !== a.rank + 1 || b.item.score > a.item.score) out.push(`${t}: #${a.rank} ${a.item.score} above #${b.rank} ${b.item.score}`);
      }
      return out;
    };

    it.each([
      ['a ranking longer than the board (it loops)', 15, 6],
      ['a ranking that fits (it re-sorts)', 15, 17],
    ])('%s', (_, length, visibleRows) => {
      const next = random(length * 100 + visibleRows);
      let units: Unit[] = Array.from({ length }, (_, i) => ({ code: `u${String(i).padStart(2, '0')}`, score: Math.round(next() * 1000) / 10 }));
      const board = new LoopBoard<Unit>({ visibleRows, stepMs: 3000, keyOf: (u) => u.code });
      board.setRanking(rank(units), 0);
      // Live updates 4 a second, new scores every 5 s (the KPI refresh), the board stepping every 3 s: ten minutes.
      const found: string[] = [];
      for (let t = 250; t <= 600_000; t += 250) {
        if (t % 5000 === 0) units = units.map((u) => ({ ...u, score: Math.max(0, Math.min(100, Math.round((u.score + (next() - 0.5) * 30) * 10) / 10)) }));
        board.setRanking(rank(units), t);
        found.push(...problems(board, length, t));
        board.step(t);
        found.push(...problems(board, length, t));
      }
      expect(found.slice(0, 5)).toEqual([]);
    });

    it('scrolls by gliding, re-sorts and restarts by jumping, and takes new figures at once when the order holds', () => {
      const board = new LoopBoard<Unit>({ visibleRows: 4, stepMs: 1000, keyOf: (u) => u.code });
      const a = { code: 'a', score: 90 };
      const b = { code: 'b', score: 80 };
      board.setRanking([a, b], 0);
      expect(board.rows().every((r) => !r.glide)).toBe(true);
      board.setRanking([{ ...a, score: 95 }, b], 100);
      expect(board.rows()[0]!.item.score).toBe(95);
      expect(board.nextStepAt()).toBeNull();
      board.setRanking([{ ...b, score: 99 }, { ...a, score: 95 }], 200);
      expect(board.rows().map((r) => `${r.item.code}${r.item.score}`)).toEqual(['a95', 'b80']); // until the step
      board.step(1000);
      expect(board.rows().map((r) => [r.item.code, r.slot, r.glide])).toEqual([['b', 0, false], ['a', 1, false]]);
      const long = Array.from({ length: 6 }, (_, i) => ({ code: `l${i}`, score: 60 - i }));
      board.setRanking(long, 1500);
      expect(board.rows().every((r) => !r.glide)).toBe(true);
      board.step(3000);
      expect(board.rows().every((r) => r.glide)).toBe(true);
    });
  });
});

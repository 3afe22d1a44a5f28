import { describe, expect, it } from 'vitest';
import { entryKey, rankChildren } from './rankChildren.js';

describe('rankChildren', () => {
  const children = {
    '410105': [10, 0, 0, 50],
    '410102': [12, 0, 0, 40],
    '410103': [10, 2, 0, 30],
    '410104': [10, 0, 3, 20],
    '410101': [10, 0, 0, 10],
  } as const satisfies Record<string, [number, number, number, number]>;
  const codes = (entries: ReturnType<typeof rankChildren>) => entries.map(entryKey);

  it('before a composite ranking: by open, then overdue, then new in the last hour, then code, places as ranks', () => {
    expect(codes(rankChildren(children))).toEqual(['410102', '410103', '410104', '410101', '410105']);
    expect(codes(rankChildren(children, []))).toEqual(['410102', '410103', '410104', '410101', '410105']);
    expect(rankChildren(children)[1]).toEqual({ kind: 'unit', code: '410103', rank: 2, score: null, received: null });
    expect(rankChildren({})).toEqual([]);
  });

  it('with the composite ranking: ranked units by rank, then a divider and the units with too few cases, most cases first', () => {
    const ranking = [
      { code: '410104', score: 91.5, rank: 1, received: 40 },
      { code: '410101', score: 80, rank: 2, received: 12 },
      { code: '410105', score: null, rank: null, received: 2 },
      { code: '410106', score: null, rank: null, received: 0 }, // no live figures at all: still listed
      { code: '410102', score: null, rank: null, received: 7 },
    ];
    const entries = rankChildren(children, ranking);
    expect(codes(entries)).toEqual(['410104', '410101', 'divider', '410102', '410105', '410103', '410106']);
    expect(entries[0]).toEqual({ kind: 'unit', code: '410104', rank: 1, score: 91.5, received: null });
    expect(entries[3]).toEqual({ kind: 'unit', code: '410102', rank: null, score: null, received: 7 });
    // A child the ranking does not name (it came after the ranking was computed) counts as none.
    expect(entries[5]).toEqual({ kind: 'unit', code: '410103', rank: null, score: null, received: 0 });
  });

  it('has no divider when every unit is ranked, and starts with it when none is', () => {
    const all = Object.keys(children).map((code, i) => ({ code, score: 90 - i, rank: i + 1, received: 20 }));
    expect(codes(rankChildren(children, all))).not.toContain('divider');
    const none = Object.keys(children).map((code) => ({ code, score: null, rank: null, received: 1 }));
    expect(codes(rankChildren(children, none))[0]).toBe('divider');
  });
});

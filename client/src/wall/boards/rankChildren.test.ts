import { describe, expect, it } from 'vitest';
import { rankChildren, scoresOf } from './rankChildren.js';

describe('rankChildren', () => {
  const children = {
    '410105': [10, 0, 0, 50],
    '410102': [12, 0, 0, 40],
    '410103': [10, 2, 0, 30],
    '410104': [10, 0, 3, 20],
    '410101': [10, 0, 0, 10],
  } as const satisfies Record<string, [number, number, number, number]>;

  it('before a composite ranking: by open, then overdue, then new in the last hour, then code', () => {
    expect(rankChildren(children)).toEqual(['410102', '410103', '410104', '410101', '410105']);
    expect(rankChildren(children, [])).toEqual(['410102', '410103', '410104', '410101', '410105']);
    expect(rankChildren({})).toEqual([]);
  });

  it('with the composite ranking: ranked units by rank, then units without data, busiest first', () => {
    const ranking = [
      { code: '410104', score: 91.5, rank: 1 },
      { code: '410101', score: 80, rank: 2 },
      { code: '410105', score: null, rank: null },
      { code: '410106', score: null, rank: null }, // no live figures at all: still listed
      { code: '410102', score: null, rank: null },
    ];
    expect(rankChildren(children, ranking)).toEqual(['410104', '410101', '410102', '410103', '410105', '410106']);
    expect(scoresOf(ranking).get('410104')).toBe(91.5);
    expect(scoresOf(ranking).get('410105')).toBeNull();
    expect(scoresOf(null).size).toBe(0);
  });
});

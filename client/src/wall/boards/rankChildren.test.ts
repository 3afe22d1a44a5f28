import { describe, expect, it } from 'vitest';
import { rankChildren } from './rankChildren.js';

describe('rankChildren', () => {
  it('ranks by open, then overdue, then new in the last hour, then code', () => {
    expect(
      rankChildren({
        '410105': [10, 0, 0, 50],
        '410102': [12, 0, 0, 40],
        '410103': [10, 2, 0, 30],
        '410104': [10, 0, 3, 20],
        '410101': [10, 0, 0, 10],
      }),
    ).toEqual(['410102', '410103', '410104', '410101', '410105']);
    expect(rankChildren({})).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { rankChildren } from '../../figures/rankChildren.js';
import { rankMarks } from './rankMarks.js';

describe('top and bottom three', () => {
  it('marks the first and last three ranked units, never the units too small to judge', () => {
    const ranking = [1, 2, 3, 4, 5, 6, 7, 8].map((rank) => ({ code: `41010500${rank}`, score: 100 - rank, rank, received: 50 }));
    ranking.push({ code: '410105009', score: null, rank: null, received: 2 } as never);
    const marks = rankMarks(rankChildren({}, ranking));
    expect([...marks.entries()].filter(([, m]) => m === 'top').map(([c]) => c)).toEqual(['410105001', '410105002', '410105003']);
    expect([...marks.entries()].filter(([, m]) => m === 'bottom').map(([c]) => c)).toEqual(['410105006', '410105007', '410105008']);
    expect(marks.has('410105009')).toBe(false);
  });

  it('gives a short ranking its top first', () => {
    const ranking = [1, 2, 3, 4].map((rank) => ({ code: `c${rank}`, score: 90 - rank, rank, received: 20 }));
    expect([...rankMarks(rankChildren({}, ranking)).values()]).toEqual(['top', 'top', 'top', 'bottom']);
  });
});

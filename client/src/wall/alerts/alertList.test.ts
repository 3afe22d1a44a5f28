import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../shared/src/live/events.js';
import { alertRows } from './alertList.js';

const alert = (id: string): Alert => ({ kind: 'overdue', id, grid: '410105001001001', category: 'SR', urgency: 'normal', deadline: 0 });

describe('alert list', () => {
  it('shows the newest first, bounded', () => {
    expect(alertRows(['a', 'b', 'c', 'd'].map(alert), 3).map((a) => a.id)).toEqual(['d', 'c', 'b']);
    expect(alertRows([], 3)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../../shared/src/live/events.js';
import { DEFAULT_STATE, addFilter, setKpi, setParty, setPeriod } from './deskUrl.js';
import { newSinceOpened } from './newCases.js';

const opened = Date.parse('2026-11-22T10:00:00+08:00');
const now = Date.parse('2026-11-22T10:05:00+08:00');
const summary = (id: string, at: string, over: Partial<CaseSummary> = {}): CaseSummary => ({
  id,
  channel: 'grid_patrol',
  category: 'SR',
  subcategory: 'SR01',
  urgency: 'normal',
  status: 'reported',
  lon: 113.6,
  lat: 34.7,
  grid: '410105001003001',
  reportedAt: at,
  description: 'x',
  ...over,
});
const latest = [summary('c', '2026-11-22T10:04:00+08:00', { category: 'MD', subcategory: 'MD01' }), summary('b', '2026-11-22T10:01:00+08:00', { urgency: 'major' }), summary('a', '2026-11-22T09:59:00+08:00')];

describe('new cases since the table was opened', () => {
  it('counts the stream cases reported since then that the filters would list', () => {
    expect(newSinceOpened(latest, DEFAULT_STATE, opened, now)).toBe(2);
    expect(newSinceOpened(latest, addFilter(DEFAULT_STATE, 'category', 'SR'), opened, now)).toBe(1);
    expect(newSinceOpened(latest, addFilter(DEFAULT_STATE, 'urgency', 'simple'), opened, now)).toBe(0);
    expect(newSinceOpened(latest, setParty(DEFAULT_STATE, 'reported'), opened, now)).toBeNull();
    expect(newSinceOpened(latest, setPeriod(DEFAULT_STATE, { kind: '7d' }), opened, now)).toBe(2);
  });

  it('says nothing for a past period or a KPI set the stream cannot tell', () => {
    expect(newSinceOpened(latest, setPeriod(DEFAULT_STATE, { kind: 'yesterday' }), opened, now)).toBeNull();
    expect(newSinceOpened(latest, setPeriod(DEFAULT_STATE, { kind: 'range', from: '2026-11-01', to: '2026-11-21' }), opened, now)).toBeNull();
    expect(newSinceOpened(latest, setPeriod(DEFAULT_STATE, { kind: 'range', from: '2026-11-01', to: '2026-11-22' }), opened, now)).toBe(2);
    expect(newSinceOpened(latest, setKpi(DEFAULT_STATE, 'overdueOpen'), opened, now)).toBeNull();
  });
});

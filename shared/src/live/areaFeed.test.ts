import { describe, expect, it } from 'vitest';
import { AreaFeed } from './areaFeed.js';
import { PROTOCOL_VERSION, type AreaAggregate, type AreaDelta, type CaseSummary } from './events.js';

const aggregate = (total: number): AreaAggregate => ({ area: '410105', total, open: total, overdue: 0, newLastHour: 0, byStatus: {}, byCategory: {}, byUrgency: {}, children: {} });
const summary = (id: string): CaseSummary => ({ id, channel: 'grid_patrol', category: 'SR', subcategory: 'SR01', urgency: 'normal', status: 'reported', lon: 0, lat: 0, grid: '410105001001001', reportedAt: '', description: '' });
const delta = (seq: number, ids: string[]): AreaDelta => ({ v: PROTOCOL_VERSION, area: '410105', seq, at: seq, aggregate: aggregate(seq), cells: { [`410105001001${String(seq % 1000).padStart(3, '0')}`]: [1, 0, 1, 1] }, newCases: ids.map(summary), newCasesOmitted: 0, changedCases: [], alerts: [] });

describe('AreaFeed', () => {
  it('applies deltas in order, asks for a snapshot on a gap and waits for it', () => {
    const calls: string[] = [];
    const feed = new AreaFeed('410105', { subscribe: (a) => calls.push(`sub ${a}`), resync: (a) => calls.push(`resync ${a}`) });
    feed.start();
    feed.delta(delta(1, ['a'])); // before the snapshot: ignored
    expect(feed.current).toBeNull();
    feed.snapshot({ v: PROTOCOL_VERSION, area: '410105', seq: 5, at: 0, aggregate: aggregate(5), cells: {}, latest: [], alerts: [], kpis: null, staff: null, ranking: null, trend: null });
    feed.delta(delta(5, ['old'])); // covered by the snapshot
    feed.delta(delta(6, ['b']));
    expect(feed.current!.latest.map((c) => c.id)).toEqual(['b']);
    feed.delta(delta(8, ['c'])); // 7 went missing
    feed.delta(delta(9, ['d']));
    expect(calls).toEqual(['sub 410105', 'resync 410105']);
    expect(feed.current!.seq).toBe(6);
    feed.snapshot({ v: PROTOCOL_VERSION, area: '410105', seq: 9, at: 0, aggregate: aggregate(9), cells: {}, latest: [summary('d')], alerts: [], kpis: null, staff: null, ranking: null, trend: null });
    feed.delta(delta(10, ['e']));
    expect(feed.current!.latest.map((c) => c.id)).toEqual(['e', 'd']);
  });

  it('learns from a heartbeat that a quiet area moved on, and resyncs', () => {
    const calls: string[] = [];
    const feed = new AreaFeed('410105', { subscribe: () => {}, resync: (a) => calls.push(a) });
    feed.snapshot({ v: PROTOCOL_VERSION, area: '410105', seq: 3, at: 0, aggregate: aggregate(3), cells: {}, latest: [], alerts: [], kpis: null, staff: null, ranking: null, trend: null });
    feed.heartbeat(3);
    expect(calls).toEqual([]);
    feed.heartbeat(4); // delta 4 was lost and nothing happened since
    feed.heartbeat(4);
    expect(calls).toEqual(['410105']);
    expect(feed.resyncs).toBe(1);
  });

  it('stays bounded over a week of deltas (4 a second)', () => {
    const feed = new AreaFeed('410105', { subscribe: () => {}, resync: () => {} }, 100);
    feed.snapshot({ v: PROTOCOL_VERSION, area: '410105', seq: 0, at: 0, aggregate: aggregate(0), cells: {}, latest: [], alerts: [], kpis: null, staff: null, ranking: null, trend: null });
    const week = 7 * 24 * 3600 * 4;
    for (let seq = 1; seq <= week; seq += 1) feed.delta(delta(seq, [`c${seq}`]));
    expect(feed.current!.seq).toBe(week);
    expect(feed.current!.latest).toHaveLength(100);
    expect(feed.current!.cells.size).toBeLessThanOrEqual(1000); // bounded by the area's grid cells
  });
});

import { describe, expect, it } from 'vitest';
import { decodeCaseColumns, encodeCaseColumns, type CaseColumns, type ColumnCase } from '../../../shared/src/columnar/caseColumns.js';
import { PROTOCOL_VERSION, type AreaDelta, type CaseSummary } from '../../../shared/src/live/events.js';
import type { CaseStatus } from '../../../shared/src/cases/caseModel.js';
import { CasePointColumns } from '../map/layers/caseColumns.js';
import { CaseColumnsSync, MAX_HELD_DELTAS, livePoint } from './caseColumnsSync.js';

const T0 = Date.parse('2026-12-07T08:00:00+08:00');
const id = (i: number): string => `ZZ20261207${String(i).padStart(6, '0')}`;

function columns(ids: number[]): CaseColumns {
  const cases: ColumnCase[] = ids.map((i) => ({ id: id(i), lon: 113.6 + i * 1e-4, lat: 34.7, urgency: 'normal', state: 'reported', category: 'x', reportedAt: T0 + i * 1000 }));
  return decodeCaseColumns(encodeCaseColumns({ kind: 'cases', cases, fromMs: T0, toMs: T0 + 1e6 }));
}

const summary = (i: number, status: CaseStatus = 'reported'): CaseSummary => ({
  id: id(i),
  channel: 'hotline_12345',
  category: 'x',
  subcategory: 'y',
  urgency: 'major',
  status,
  lon: 113.7,
  lat: 34.8,
  grid: '410105001001001',
  reportedAt: new Date(T0 + i * 1000).toISOString(),
  description: '',
});

let seq = 0;
const delta = (fresh: CaseSummary[], changed: CaseSummary[] = [], omitted = 0): AreaDelta => ({
  v: PROTOCOL_VERSION,
  area: '410105',
  seq: ++seq,
  at: T0,
  aggregate: { area: '410105', total: 0, open: 0, overdue: 0, newLastHour: 0, byStatus: {}, byCategory: {}, byUrgency: {}, children: {} },
  cells: {},
  newCases: fresh,
  newCasesOmitted: omitted,
  changedCases: changed,
  alerts: [],
});

/** A load the test answers by hand. */
function manualLoads() {
  const pending: { resolve: (c: CaseColumns) => void; reject: (e: Error) => void; signal: AbortSignal }[] = [];
  const load = (signal: AbortSignal) => new Promise<CaseColumns>((resolve, reject) => pending.push({ resolve, reject, signal }));
  return { pending, load };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function setup(cap = 1000) {
  const points = new CasePointColumns(cap);
  const loads = manualLoads();
  const changes: number[] = [];
  const errors: string[] = [];
  const sync = new CaseColumnsSync({ points, load: loads.load, onChange: () => changes.push(points.length), onError: (e) => errors.push(e.message) });
  return { points, loads, changes, errors, sync };
}

describe('CaseColumnsSync', () => {
  it('loads, then appends new cases and lets closed ones leave', async () => {
    const { points, loads, sync, changes } = setup();
    sync.reload();
    loads.pending[0]!.resolve(columns([1, 2, 3]));
    await settle();
    expect(points.length).toBe(3);
    sync.delta(delta([summary(4), summary(5, 'closed')], [summary(2, 'closed'), summary(3, 'dispatched'), summary(99, 'closed')]));
    expect(points.idList().sort()).toEqual([id(1), id(3), id(4)]);
    expect(changes).toEqual([3, 3]);
    expect(sync.loads).toBe(1);
  });

  it('holds deltas that arrive during a load and applies them on top of its answer', async () => {
    const { points, loads, sync } = setup();
    sync.reload();
    sync.delta(delta([summary(7)], [summary(1, 'closed')]));
    expect(points.length).toBe(0);
    loads.pending[0]!.resolve(columns([1, 2]));
    await settle();
    expect(points.idList().sort()).toEqual([id(2), id(7)]);
  });

  it('coalesces reloads during a load into one more, and loads again when a delta left new cases out', async () => {
    const { loads, sync } = setup();
    sync.reload();
    sync.reload();
    sync.reload();
    expect(loads.pending).toHaveLength(1);
    loads.pending[0]!.resolve(columns([1]));
    await settle();
    expect(loads.pending).toHaveLength(2);
    loads.pending[1]!.resolve(columns([1]));
    await settle();
    sync.delta(delta([summary(2)], [], 3));
    expect(loads.pending).toHaveLength(3);
  });

  it('loads again when a delta left state changes out (a closed case it did not name would stay on the map)', async () => {
    const { points, loads, sync } = setup();
    sync.reload();
    loads.pending[0]!.resolve(columns([1, 2]));
    await settle();
    sync.delta({ ...delta([], [summary(1, 'closed')]), changedCasesOmitted: 0 });
    expect(loads.pending).toHaveLength(1);
    expect(points.idList()).toEqual([id(2)]);
    sync.delta({ ...delta([], []), changedCasesOmitted: 4 });
    expect(loads.pending).toHaveLength(2);
  });

  it('past MAX_HELD_DELTAS during a load, loads once more instead of holding more', async () => {
    const { loads, sync } = setup();
    sync.reload();
    for (let i = 0; i <= MAX_HELD_DELTAS; i++) sync.delta(delta([summary(1000 + i)]));
    loads.pending[0]!.resolve(columns([1]));
    await settle();
    expect(loads.pending).toHaveLength(2);
  });

  it('keeps what it holds when a load fails, and says why', async () => {
    const { points, loads, sync, errors } = setup();
    sync.reload();
    loads.pending[0]!.resolve(columns([1, 2]));
    await settle();
    sync.reload();
    loads.pending[1]!.reject(new Error('GET /api/map/cases: 503'));
    await settle();
    expect(points.length).toBe(2);
    expect(errors).toEqual(['GET /api/map/cases: 503']);
  });

  it('counts what does not fit under the cap', async () => {
    const { points, loads, sync } = setup(2);
    sync.reload();
    loads.pending[0]!.resolve(columns([1, 2, 3]));
    await settle();
    sync.delta(delta([summary(4)]));
    expect(points.length).toBe(2);
    expect(points.omitted).toBe(2);
  });

  it('after stop, aborts the load in flight and ignores everything', async () => {
    const { points, loads, sync } = setup();
    sync.reload();
    sync.stop();
    expect(loads.pending[0]!.signal.aborted).toBe(true);
    loads.pending[0]!.resolve(columns([1]));
    sync.delta(delta([summary(2)]));
    await settle();
    expect(points.length).toBe(0);
  });

  it('turns a live case into a point with its report time', () => {
    expect(livePoint(summary(3))).toEqual({ id: id(3), lon: 113.7, lat: 34.8, urgency: 'major', status: 'reported', reportedAt: T0 + 3000 });
  });
});

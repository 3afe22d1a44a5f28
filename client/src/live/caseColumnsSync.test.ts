import { describe, expect, it } from 'vitest';
import { decodeCaseColumns, encodeCaseColumns, stateCode, urgencyCode, type CaseColumns, type ColumnCase } from '../../../shared/src/columnar/caseColumns.js';
import { emptyMapAdded, emptyMapStates, pushMapAdded, type MapDelta } from '../../../shared/src/live/mapDelta.js';
import { PROTOCOL_VERSION, type AreaDelta, type CaseSummary } from '../../../shared/src/live/events.js';
import type { CaseStatus } from '../../../shared/src/cases/caseModel.js';
import { CasePointColumns, pointColor } from '../map/layers/caseColumns.js';
import { CaseColumnsSync, MAX_HELD_DELTAS, livePoint } from './caseColumnsSync.js';

const T0 = Date.parse('2026-12-07T08:00:00+08:00');
/** Case i's store seq (the points' key); five digits, so a default sort orders them too. */
const id = (i: number): number => 10_000 + i;

function columns(ids: number[]): CaseColumns {
  const cases: ColumnCase[] = ids.map((i) => ({ seq: id(i), lon: 113.6 + i * 1e-4, lat: 34.7, urgency: 'normal', state: 'reported', category: 'x', reportedAt: T0 + i * 1000 }));
  return decodeCaseColumns(encodeCaseColumns({ kind: 'cases', cases, fromMs: T0, toMs: T0 + 1e6 }));
}

const summary = (i: number, status: CaseStatus = 'reported'): CaseSummary & { seq: number } => ({
  id: `ZZ20261207${String(i).padStart(6, '0')}`,
  seq: id(i),
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

/** A delta with the map section (what a subscription with `map: true` gets). */
function mapDelta(added: number[], states: [number, CaseStatus][] = [], omitted = 0): AreaDelta {
  const map: MapDelta = { added: emptyMapAdded(), states: emptyMapStates(), omitted };
  for (const i of added) pushMapAdded(map.added, { seq: id(i), lon: 113.8 + i * 1e-3, lat: 34.9, urgency: 'major', status: 'reported', category: 'SR', reportedMs: T0 + i * 1000 });
  for (const [i, status] of states) {
    map.states.seqs.push(id(i));
    map.states.state.push(stateCode(status));
  }
  // The bounded lists name a few of them and count the rest, as the server sends them.
  return { ...delta(added.slice(0, 1).map((i) => summary(i)), [], Math.max(0, added.length - 1)), changedCasesOmitted: states.length, map };
}

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
    expect(points.seqList().sort()).toEqual([id(1), id(3), id(4)]);
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
    expect(points.seqList().sort()).toEqual([id(2), id(7)]);
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
    expect(points.seqList()).toEqual([id(2)]);
    sync.delta({ ...delta([], []), changedCasesOmitted: 4 });
    expect(loads.pending).toHaveLength(2);
  });

  it('loads again when a delta names a case without its seq (the points\' key), and applies the rest on its answer', async () => {
    const { points, loads, sync } = setup();
    sync.reload();
    loads.pending[0]!.resolve(columns([1, 2]));
    await settle();
    const { seq: _seq, ...unnamed } = summary(3);
    sync.delta(delta([unnamed, summary(4)]));
    expect(loads.pending).toHaveLength(2);
    loads.pending[1]!.resolve(columns([1, 2, 3])); // the load has case 3, seq and all
    await settle();
    expect(points.seqList().sort()).toEqual([id(1), id(2), id(3), id(4)]);
    const { seq: _other, ...changed } = summary(1, 'closed');
    sync.delta(delta([], [changed]));
    expect(loads.pending).toHaveLength(3);
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
    expect(livePoint(summary(3))).toEqual({ seq: id(3), lon: 113.7, lat: 34.8, urgency: 'major', status: 'reported', reportedAt: T0 + 3000 });
  });

  it('writes a map section in place: every added case appended from its columns, every state set, a closed case gone, no load', async () => {
    const { points, loads, sync, changes } = setup();
    sync.reload();
    loads.pending[0]!.resolve(columns([1, 2, 3]));
    await settle();
    const fresh = Array.from({ length: 300 }, (_, k) => 100 + k);
    sync.delta(mapDelta(fresh, [[1, 'dispatched'], [2, 'closed'], [100, 'rejected'], [99, 'closed']]));
    expect(loads.pending).toHaveLength(1);
    expect(points.length).toBe(3 + 300 - 2);
    expect(new Set(points.seqList())).toEqual(new Set([1, 3, ...fresh.slice(1)].map(id)));
    const row = points.seqList().indexOf(id(250));
    expect([points.positions[2 * row], points.positions[2 * row + 1]]).toEqual([Math.fround(113.8 + 250e-3), Math.fround(34.9)]);
    expect([...points.colors.subarray(4 * row, 4 * row + 4)]).toEqual(pointColor(urgencyCode('major'), stateCode('reported')));
    const one = points.seqList().indexOf(id(1));
    expect([...points.colors.subarray(4 * one, 4 * one + 4)]).toEqual(pointColor(urgencyCode('normal'), stateCode('dispatched')));
    expect(changes).toEqual([3, 301]);
    // Then written into the same arrays while they have room: only the new rows are marked for upload.
    const grown = points.positions;
    points.layerData();
    sync.delta(mapDelta([500, 501], [[3, 'handled']]));
    expect(points.positions).toBe(grown);
    expect(points.dirtyRanges.getPosition).toEqual([301, 303]);
    expect(points.has(id(501))).toBe(true);
    expect(loads.pending).toHaveLength(1);
  });

  it('with a map section, loads again only when it counted entries it left out', async () => {
    const { points, loads, sync } = setup();
    sync.reload();
    loads.pending[0]!.resolve(columns([1]));
    await settle();
    sync.delta(mapDelta([2, 3], [[1, 'closed']]));
    expect(loads.pending).toHaveLength(1);
    expect(points.seqList().sort()).toEqual([id(2), id(3)]);
    sync.delta(mapDelta([4], [], 7));
    expect(loads.pending).toHaveLength(2);
    // What it did carry is held and applied on top of the load's answer.
    loads.pending[1]!.resolve(columns([2, 3]));
    await settle();
    expect(points.seqList().sort()).toEqual([id(2), id(3), id(4)]);
  });

  it('counts map-section cases past the cap', async () => {
    const { points, loads, sync } = setup(3);
    sync.reload();
    loads.pending[0]!.resolve(columns([1, 2]));
    await settle();
    sync.delta(mapDelta([3, 4, 5, 1]));
    expect(points.length).toBe(3);
    expect(points.omitted).toBe(2);
    expect(loads.pending).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeCaseColumns, encodeCaseColumns, stateCode, urgencyCode, type ColumnCase } from '../../../../shared/src/columnar/caseColumns.js';
import { CATEGORIES } from '../../../../shared/src/cases/categories.js';
import { STATUSES, URGENCIES, OPEN_STATUSES } from '../../../../shared/src/cases/caseModel.js';
import { createRandom } from '../../../../shared/src/util/prng.js';
import { CasePointColumns, STATE_ALPHA, pointColor, type LivePoint } from './caseColumns.js';
import { CASE_COLUMN_HEAT_ID, CASE_COLUMN_POINTS_ID, caseHeatLayer, casePointLayer } from './casePointLayer.js';
import { URGENCY_COLORS } from './liveLayers.js';

const T0 = Date.parse('2026-12-07T08:00:00+08:00');
const OPEN = [...OPEN_STATUSES];

function columnsOf(n: number, seed = 1) {
  const rand = createRandom(seed);
  const cases: ColumnCase[] = Array.from({ length: n }, (_, i) => ({
    seq: 1_000 + i,
    lon: 113.5 + rand() * 0.3,
    lat: 34.7 + rand() * 0.2,
    urgency: URGENCIES[i % URGENCIES.length]!,
    state: OPEN[i % OPEN.length]!,
    category: CATEGORIES[0]!.code,
    reportedAt: T0 + i * 1000,
  }));
  return { cases, columns: decodeCaseColumns(encodeCaseColumns({ kind: 'cases', cases, fromMs: T0, toMs: T0 + n * 1000 })) };
}

const live = (i: number, status: LivePoint['status'] = 'reported'): LivePoint => ({ seq: 50_000 + i, lon: 113.6, lat: 34.75, urgency: 'major', status });

describe('point colours', () => {
  it('take the hue from the urgency and the opacity from the state', () => {
    for (const u of URGENCIES)
      for (const s of STATUSES) {
        const [r, g, b, a] = pointColor(urgencyCode(u), stateCode(s));
        expect([r, g, b]).toEqual(URGENCY_COLORS[u].slice(0, 3));
        expect(a).toBe(STATE_ALPHA[s]);
      }
    expect(STATE_ALPHA.reported).toBeGreaterThan(STATE_ALPHA.handled);
    expect(STATE_ALPHA.handled).toBeGreaterThan(STATE_ALPHA.closed);
  });
});

describe('CasePointColumns', () => {
  it('builds positions, colours and weights from decoded columns', () => {
    const { cases, columns } = columnsOf(300);
    const points = new CasePointColumns(10_000);
    points.load(columns);
    const data = points.layerData();
    expect(data.length).toBe(300);
    expect(data.attributes.getPosition).toMatchObject({ size: 2 });
    expect(data.attributes.getFillColor).toMatchObject({ size: 4, normalized: true });
    cases.forEach((c, i) => {
      expect(points.positions[2 * i]).toBeCloseTo(c.lon, 4);
      expect(points.positions[2 * i + 1]).toBeCloseTo(c.lat, 4);
      expect(Array.from(points.colors.subarray(4 * i, 4 * i + 4))).toEqual(pointColor(urgencyCode(c.urgency), stateCode(c.state)));
    });
    expect(points.weights[3]).toBe(8); // URGENCIES[3] is 重大
  });

  it('keeps the same data while nothing changes, and the same arrays through appends within capacity', () => {
    const points = new CasePointColumns(10_000);
    points.load(columnsOf(10).columns);
    const first = points.layerData();
    expect(points.layerData()).toBe(first);
    const { positions, colors } = points;
    points.append([live(1), live(2)]);
    const second = points.layerData();
    expect(second).not.toBe(first);
    expect(second.length).toBe(12);
    expect(points.positions).toBe(positions);
    expect(points.colors).toBe(colors);
    expect(second.attributes.getPosition.value).toBe(positions);
    expect(second.attributes.getPosition).not.toBe(first.attributes.getPosition); // a new descriptor: deck.gl uploads it
  });

  it('changes only the colour attribute on a state change, in place', () => {
    const points = new CasePointColumns(10_000);
    points.load(columnsOf(10).columns);
    points.append([live(1)]);
    const before = points.layerData();
    points.setState(live(1).seq, 'dispatched');
    expect(points.dirtyRanges.getFillColor).toEqual([10, 11]);
    expect(points.dirtyRanges.getPosition).toBeNull();
    const after = points.layerData();
    expect(after.attributes.getPosition).toBe(before.attributes.getPosition); // untouched: deck.gl keeps it
    expect(after.attributes.getFillColor).not.toBe(before.attributes.getFillColor);
    expect(after.attributes.getFillColor.value).toBe(before.attributes.getFillColor.value);
    expect(points.colors[4 * 10 + 3]).toBe(STATE_ALPHA.dispatched);
  });

  it('lets a closed case leave: the last point takes its row', () => {
    const points = new CasePointColumns(10_000);
    points.load(columnsOf(5).columns);
    points.append([live(1)]);
    const lastPosition = Array.from(points.positions.subarray(10, 12));
    const seq = columnsOf(5).columns.seq[2]!;
    points.setState(seq, 'closed');
    expect(points.length).toBe(5);
    expect(points.has(seq)).toBe(false);
    expect(Array.from(points.positions.subarray(4, 6))).toEqual(lastPosition);
    expect(points.layerData().length).toBe(5);
    points.append([live(1, 'rejected')]); // a held case: its update, here it leaves too
    expect(points.has(live(1).seq)).toBe(false);
    expect(points.length).toBe(4);
  });

  it('grows its arrays by doubling, keeping what it holds', () => {
    const points = new CasePointColumns(10_000);
    const capacity = points.capacity;
    points.append(Array.from({ length: capacity + 1 }, (_, i) => live(i)));
    expect(points.capacity).toBe(2 * capacity);
    expect(points.length).toBe(capacity + 1);
    const data = points.layerData();
    expect(data.attributes.getPosition.value).toBe(points.positions);
    expect(points.positions[2 * capacity]).toBeCloseTo(113.6, 4);
  });

  it('holds at most maxPoints and counts the rest, from the server and from appends', () => {
    const { columns } = columnsOf(25);
    const points = new CasePointColumns(10);
    points.load(columns);
    expect(points.length).toBe(10);
    expect(points.omitted).toBe(15);
    points.append([live(1), live(2)]);
    expect(points.length).toBe(10);
    expect(points.omitted).toBe(17);
    expect(points.capacity).toBeLessThanOrEqual(10);
    expect(points.layerData().length).toBe(10);
  });
});

describe('the layers', () => {
  it('draw from the binary data as given, with stable ids', () => {
    const points = new CasePointColumns(100);
    points.load(columnsOf(20).columns);
    const data = points.layerData();
    const scatter = casePointLayer(data, true);
    const heat = caseHeatLayer(data, true);
    expect(scatter.id).toBe(CASE_COLUMN_POINTS_ID);
    expect(heat.id).toBe(CASE_COLUMN_HEAT_ID);
    expect(scatter.props.data).toBe(data);
    expect(heat.props.data).toBe(data);
  });
});

describe('CasePointColumns report times', () => {
  it('weighs only the points of the heat window, and marks only the weights', () => {
    const { columns } = columnsOf(10);
    const points = new CasePointColumns(100);
    points.load(columns);
    points.layerData();
    points.heatSince(T0 + 5000);
    expect(Array.from(points.weights.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
    expect(points.weights[5]).toBeGreaterThan(0);
    expect(points.dirtyRanges.getWeight).toEqual([0, 5]);
    expect(points.dirtyRanges.getFillColor).toBeNull();
    points.layerData();
    points.heatSince(T0 + 5000);
    expect(points.dirtyRanges.getWeight).toBeNull();
    points.append([{ ...live(1), reportedAt: T0 }, { ...live(2), reportedAt: T0 + 9000 }]);
    expect(points.weights[10]).toBe(0);
    expect(points.weights[11]).toBe(8);
  });

  it('names the case seq of a row, and keeps report times with a row that moves', () => {
    const { columns } = columnsOf(3);
    const points = new CasePointColumns(100);
    points.load(columns);
    expect(points.seqAt(2)).toBe(1_002);
    expect(points.seqAt(3)).toBeNull();
    expect(points.seqAt(-1)).toBeNull();
    points.setState(columns.seq[0]!, 'closed');
    expect(points.seqList()).toEqual([1_002, 1_001]);
    points.heatSince(T0 + 2000);
    expect(points.weights[0]).toBeGreaterThan(0); // the row now holds case 2, reported at T0 + 2 s
    expect(points.weights[1]).toBe(0);
  });
});

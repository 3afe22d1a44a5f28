import { beforeAll, describe, expect, it } from 'vitest';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { loadCity } from '../../../fixtures/loadCity.js';
import { formatShanghai } from '../store/caseRow.js';
import { makeCase as makeStoredCase } from '../store/caseFixtures.js';
import { categoryCode, stateCode, urgencyCode } from '../../../shared/src/columnar/caseColumns.js';
import { LiveState, MAX_PENDING_MAP } from './liveState.js';
import { mapSection } from './pendingMap.js';

const T0 = Date.parse('2026-11-23T10:00:00+08:00');

/** A case in a real grid cell (live state resolves the chain from the cell's code). */
function makeCase(id: string, grid: string, reportedMs: number, over: Partial<Case> = {}): Case {
  return makeStoredCase(id, reportedMs, { area: { district: grid.slice(0, 6), street: grid.slice(0, 9), community: grid.slice(0, 12), grid }, ...over });
}

describe('LiveState', () => {
  let model: CityModel;
  let grid: string;
  let other: string;
  beforeAll(() => {
    model = loadCity().model;
    grid = model.nodesAt('grid').find((g) => g.code.startsWith('410105'))!.code;
    other = model.nodesAt('grid').find((g) => g.code.startsWith('410103'))!.code;
  });

  it('counts a case at every level above it, and nowhere else', () => {
    const state = new LiveState(model, T0);
    state.apply([makeCase('A', grid, T0), makeCase('B', other, T0, { urgency: 'major', category: 'TF', subcategory: 'TF01' })]);
    for (const code of [grid, grid.slice(0, 12), grid.slice(0, 9), '410105']) {
      expect(state.aggregate(code)).toMatchObject({ total: 1, open: 1, newLastHour: 1, byStatus: { reported: 1 }, byCategory: { SR: 1 } });
    }
    expect(state.aggregate('410100')).toMatchObject({ total: 2, open: 2, byUrgency: { normal: 1, major: 1 } });
    expect(state.aggregate('410100').children['410105']).toEqual([1, 0, 1, 1]);
    expect(state.aggregate('410102').total).toBe(0);
    expect(Object.keys(state.cells('410100')).sort()).toEqual([grid, other].sort());
  });

  it('moves counts with status changes and forgets closed cases', () => {
    const state = new LiveState(model, T0);
    const c = makeCase('A', grid, T0);
    state.apply([c]);
    state.update([{ ...c, status: 'dispatched' }]);
    expect(state.aggregate('410105').byStatus).toEqual({ dispatched: 1 });
    state.update([{ ...c, status: 'closed' }]);
    expect(state.aggregate('410105')).toMatchObject({ total: 1, open: 0, byStatus: { closed: 1 } });
    expect(state.openCases).toBe(0);
  });

  it('drops cases out of "new in the last hour" as the clock moves', () => {
    const state = new LiveState(model, T0);
    state.apply([makeCase('A', grid, T0 - 50 * 60_000), makeCase('B', grid, T0 - 5 * 60_000), makeCase('C', grid, T0 - 2 * 3600_000)]);
    expect(state.aggregate('410105').newLastHour).toBe(2);
    state.advance(T0 + 15 * 60_000);
    expect(state.aggregate('410105').newLastHour).toBe(1);
    state.advance(T0 + 3 * 3600_000);
    expect(state.aggregate('410105').newLastHour).toBe(0);
    expect(state.aggregate('410105').total).toBe(3);
  });

  it('marks open cases overdue when they cross their deadline, and clears it when they close', () => {
    const state = new LiveState(model, T0);
    const c = makeCase('A', grid, T0, { deadline: formatShanghai(T0 + 30 * 60_000) });
    state.apply([c]);
    expect(state.advance(T0 + 29 * 60_000)).toEqual([]);
    expect(state.advance(T0 + 31 * 60_000)).toEqual(['A']);
    expect(state.aggregate('410105').overdue).toBe(1);
    expect(state.aggregate('410100').children['410105']![1]).toBe(1);
    state.update([{ ...c, status: 'closed' }]);
    expect(state.aggregate('410105').overdue).toBe(0);
  });

  it('bounds what waits for the next tick, whatever the burst', () => {
    const state = new LiveState(model, T0);
    state.apply(Array.from({ length: 10_000 }, (_, i) => makeCase(`X${i}`, grid, T0)));
    const drained = state.drain();
    expect(drained.newCases.length).toBeLessThanOrEqual(2_000);
    expect(drained.newCases.length + drained.newOmitted).toBe(10_000);
    expect(state.drain().newCases).toHaveLength(0);
  });

  it('keeps what the map needs of each new open case and each state change, scoped and bounded per area', () => {
    const state = new LiveState(model, T0);
    const a = makeCase('A', grid, T0, { seq: 101, urgency: 'major', category: 'TF', lon: 113.7, lat: 34.8 });
    state.apply([a, makeCase('B', other, T0, { seq: 102 }), makeCase('C', grid, T0, { seq: 103, status: 'closed' })]);
    state.update([{ ...a, status: 'dispatched' }, { ...a, status: 'dispatched' }]);
    const { map } = state.drain();
    const jinshui = mapSection(map, state.nodeOf('410105')!);
    expect(jinshui).toEqual({
      added: { seqs: [101], lon: [113.7], lat: [34.8], urgency: [urgencyCode('major')], state: [stateCode('reported')], category: [categoryCode('TF')], reported: [T0] },
      states: { seqs: [101], state: [stateCode('dispatched')] },
      omitted: 0,
    });
    expect(mapSection(map, state.nodeOf('410100')!).added.seqs).toEqual([101, 102]);
    expect(mapSection(map, state.nodeOf('410102')!)).toMatchObject({ added: { seqs: [] }, states: { seqs: [] }, omitted: 0 });
    // Past the bound: the first `bound` of each list, the rest counted.
    const many = Array.from({ length: 7 }, (_, i) => makeCase(`M${i}`, grid, T0, { seq: 200 + i }));
    state.apply(many);
    state.update(many.slice(0, 4).map((c) => ({ ...c, status: 'closed' as const })));
    const bounded = mapSection(state.drain().map, state.nodeOf(grid)!, 3);
    expect(bounded.added.seqs).toEqual([200, 201, 202]);
    expect(bounded.added.reported).toHaveLength(3);
    expect(bounded.states.seqs).toEqual([200, 201, 202]);
    expect(bounded.omitted).toBe(4 + 1);
    expect(state.drain().map.addedNodes).toHaveLength(0);
  });

  it('names map entries by the seq of the stored rows too, and counts a case without a seq instead of sending it', () => {
    const state = new LiveState(model, T0);
    state.applyStored([['S', 'reported', 'TF', 'normal', grid, T0, null, null, 77]]);
    state.update([makeCase('S', grid, T0, { status: 'registered' })]);
    const noSeq = makeCase('X', grid, T0);
    state.apply([noSeq]);
    state.update([{ ...noSeq, status: 'registered' }]);
    const { map, newCases, changedCases } = state.drain();
    expect(mapSection(map, state.nodeOf(grid)!)).toMatchObject({ added: { seqs: [] }, states: { seqs: [77], state: [stateCode('registered')] }, omitted: 2 });
    // The feed's summaries carry the seq where the state knows it.
    expect(changedCases.map((c) => [c.id, c.seq])).toEqual([['S', 77], ['X', undefined]]);
    expect(newCases[0]).not.toHaveProperty('seq');
  });

  it('counts map entries past what a tick keeps in every area above their case', () => {
    const state = new LiveState(model, T0);
    const n = MAX_PENDING_MAP + 30;
    state.apply(Array.from({ length: n }, (_, i) => makeCase(`N${i}`, i < MAX_PENDING_MAP ? other : grid, T0, { seq: i + 1 })));
    const { map } = state.drain();
    expect(map.addedNodes).toHaveLength(MAX_PENDING_MAP);
    expect(mapSection(map, state.nodeOf('410105')!)).toMatchObject({ added: { seqs: [] }, omitted: 30 });
    expect(mapSection(map, state.nodeOf(grid)!).omitted).toBe(30);
    expect(mapSection(map, state.nodeOf('410103')!).omitted).toBe(MAX_PENDING_MAP - 5_000);
    expect(mapSection(map, state.nodeOf('410100')!).omitted).toBe(n - 5_000);
  });
});

import { describe, expect, it } from 'vitest';
import { twoSquaresTopology } from '../map/geo/testTopology.js';
import type { FetchLike } from './fetchJson.js';
import { gridHouseholdsUrl, parseGridHouseholds } from './gridHouseholds.js';
import { loadDistrict } from './loadCity.js';

describe('parseGridHouseholds', () => {
  it('reads grid code → households', () => {
    const parsed = parseGridHouseholds({ area: '410105', households: { '410105001003001': 380, '410105001003002': 0 } }, '/h');
    expect([...parsed]).toEqual([
      ['410105001003001', 380],
      ['410105001003002', 0],
    ]);
  });

  it('says what is wrong', () => {
    expect(() => parseGridHouseholds([], '/h')).toThrow(/GET \/h .*no area or households/);
    expect(() => parseGridHouseholds({ area: '410105' }, '/h')).toThrow(/no area or households/);
    expect(() => parseGridHouseholds({ area: '410105', households: { a: '380' } }, '/h')).toThrow(/households of a is "380", not a count/);
    expect(() => parseGridHouseholds({ area: '410105', households: { a: -1 } }, '/h')).toThrow(/households of a is -1/);
    expect(() => parseGridHouseholds({ area: '410105', households: { a: 1.5 } }, '/h')).toThrow(/households of a is 1.5/);
  });
});

describe('loadDistrict', () => {
  const topology = twoSquaresTopology();
  const district = { ...topology, objects: { communities: topology.objects.areas!, grids: topology.objects.areas! } };
  const fakeFetch = (asked: string[]): FetchLike => async (url) => {
    asked.push(url);
    const body = url === gridHouseholdsUrl('410105') ? { area: '410105', households: { A: 300 } } : district;
    return { ok: true, status: 200, statusText: 'OK', json: async () => body };
  };

  it('fetches the households only when asked for, alongside the outlines', async () => {
    const plain: string[] = [];
    const without = await loadDistrict(fakeFetch(plain), '410105', '/geo/410105');
    expect(plain).toEqual(['/geo/410105']);
    expect(without.households).toBeUndefined();
    expect(without.grids.map((g) => g.properties.code)).toEqual(['A', 'B']);

    const both: string[] = [];
    const withHouseholds = await loadDistrict(fakeFetch(both), '410105', '/geo/410105', true);
    expect(both).toEqual(['/geo/410105', '/api/areas/410105/grid-households']);
    expect(withHouseholds.households?.get('A')).toBe(300);
    expect(withHouseholds.households?.get('B')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { twoSquaresTopology } from '../map/geo/testTopology.js';
import { parseAreasResponse, parseTopology } from './areasResponse.js';

const body = {
  city: { code: '410100', name: '郑州市', level: 'city' },
  datum: 'GCJ-02',
  counts: { district: 15, street: 208, community: 3306, grid: 16599 },
  geometry: { overview: '/api/geo/overview.topo.json', districts: { '410102': '/api/geo/districts/410102.topo.json' } },
};

describe('parseAreasResponse', () => {
  it('accepts the contract', () => {
    expect(parseAreasResponse(body)).toMatchObject({ datum: 'GCJ-02', geometry: { districts: { '410102': expect.any(String) } } });
  });

  it('says what is wrong', () => {
    expect(() => parseAreasResponse(null)).toThrow(/not an object/);
    expect(() => parseAreasResponse({ ...body, datum: 'BD-09' })).toThrow(/unknown datum BD-09/);
    expect(() => parseAreasResponse({ ...body, counts: { ...body.counts, grid: '1' } })).toThrow(/counts.grid/);
    expect(() => parseAreasResponse({ ...body, geometry: { overview: '/x', districts: { a: 1 } } })).toThrow(/districts.a/);
  });
});

describe('parseTopology', () => {
  it('accepts a quantized topology and rejects others', () => {
    expect(parseTopology(twoSquaresTopology(), '/t')).toHaveProperty('type', 'Topology');
    expect(() => parseTopology({ type: 'FeatureCollection' }, '/t')).toThrow(/GET \/t .*not a TopoJSON/);
    expect(() => parseTopology({ ...twoSquaresTopology(), transform: undefined }, '/t')).toThrow(/not quantized/);
  });
});

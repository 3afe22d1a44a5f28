import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CityTopology } from '../../../../shared/src/city/topology.js';
import { topologyAreas, unionBox } from './areaFeatures.js';
import { twoSquaresTopology } from './testTopology.js';

describe('topologyAreas', () => {
  it('decodes arcs (including reversed ones) into closed lon/lat rings', () => {
    const [a, b] = topologyAreas(twoSquaresTopology(), 'areas');
    expect(a?.geometry.coordinates).toEqual([[[[101, 30], [100, 30], [100, 31], [101, 31], [101, 30]]]]);
    expect(b?.geometry.coordinates).toEqual([[[[101, 31], [102, 31], [102, 30], [101, 30], [101, 31]]]]);
  });

  it('carries code, name, bounds and a label anchor at the centroid', () => {
    const [a, b] = topologyAreas(twoSquaresTopology(), 'areas');
    expect(a?.properties).toEqual({ code: 'A', name: '甲', bbox: { west: 100, south: 30, east: 101, north: 31 }, anchor: [100.5, 30.5] });
    expect(b?.properties.anchor).toEqual([101.5, 30.5]);
    expect(b?.id).toBe('B');
  });

  it('names the objects a topology has when asked for a missing one', () => {
    expect(() => topologyAreas(twoSquaresTopology(), 'grids')).toThrow(/no object "grids" \(it has: areas\)/);
  });

  it('unions bounds', () => {
    expect(unionBox(topologyAreas(twoSquaresTopology(), 'areas'))).toEqual({ west: 100, south: 30, east: 102, north: 31 });
    expect(unionBox([])).toBeNull();
  });

  it('reads the fixture overview: 15 districts and 208 streets inside Zhengzhou', () => {
    const url = new URL('../../../../fixtures/city/geo/overview.topo.json', import.meta.url);
    const topology = JSON.parse(readFileSync(url, 'utf8')) as CityTopology;
    const districts = topologyAreas(topology, 'districts');
    expect(districts).toHaveLength(15);
    expect(topologyAreas(topology, 'streets')).toHaveLength(208);
    const city = unionBox(topologyAreas(topology, 'city'));
    // Zhengzhou spans about 112.7–114.2 °E, 34.2–35.0 °N.
    expect(city?.west).toBeGreaterThan(112.5);
    expect(city?.east).toBeLessThan(114.5);
    expect(city?.south).toBeGreaterThan(34);
    expect(city?.north).toBeLessThan(35.2);
    const jinshui = districts.find((d) => d.properties.code === '410105');
    expect(jinshui?.properties.name).toBe('金水区');
  });
});

import { describe, expect, it } from 'vitest';
import { generateBuildings } from '../../../../shared/src/city/buildings.js';
import type { AreaNode } from '../../../../shared/src/city/model.js';
import type { MultiPolygonCoords } from '../../../../shared/src/geo/planar.js';
import { buildingClass, buildingClassLabels, buildingsUrl, casesInFootprints, parseGridBuildings } from './gridBuildings.js';

// A 500 m square urban cell in 金水区: the server's own generator places its buildings.
const CELL: AreaNode = { code: '410105001001001', name: '第1网格', level: 'grid', parent: '410105001001', areaType: 'urban', households: 900, population: 2500, areaKm2: 0.25, centroid: [113.67, 34.75] };
const SQUARE: MultiPolygonCoords = [[[[113.6673, 34.7478], [113.6727, 34.7478], [113.6727, 34.7522], [113.6673, 34.7522], [113.6673, 34.7478]]]];
const url = `/api/areas/${CELL.code}`;
const served = () => parseGridBuildings(JSON.parse(JSON.stringify({ node: CELL, ancestors: [], children: generateBuildings(CELL, SQUARE) })), url);

describe('a grid cell\'s buildings', () => {
  it('are fetched for a grid cell only', () => {
    expect(buildingsUrl(CELL.code)).toBe(url);
    expect(buildingsUrl('410105001001')).toBeNull();
    expect(buildingsUrl('410105')).toBeNull();
    expect(buildingsUrl('410100')).toBeNull();
    expect(buildingsUrl(null)).toBeNull();
    expect(buildingsUrl('41010500100100a')).toBeNull();
  });

  it('parse from the area answer, and a malformed answer names what is missing', () => {
    const buildings = served();
    expect(buildings.length).toBeGreaterThan(3);
    expect(buildings[0]).toMatchObject({ code: `${CELL.code}001`, name: '1号楼' });
    expect(buildings[0]!.footprint).toHaveLength(5);
    expect(() => parseGridBuildings({ node: CELL }, url)).toThrow(/no children/);
    expect(() => parseGridBuildings({ children: [{ ...generateBuildings(CELL, SQUARE)[0]!, footprint: [[1, 2]] }] }, url)).toThrow(/child 0 is not a building/);
    expect(() => parseGridBuildings({ children: [{ code: '1', name: 'x', level: 'grid' }] }, url)).toThrow(url);
  });

  it('count the points in each footprint, none outside', () => {
    const buildings = served();
    const [first, second] = buildings;
    const [fx, fy] = first!.centroid;
    const [sx, sy] = second!.centroid;
    // Three points in the first building, one in the second, one just past a corner of the first,
    // one elsewhere in the cell, one outside the city.
    const corner = first!.footprint[0]!;
    const outward: [number, number] = [corner[0] + (corner[0] - fx) * 0.05, corner[1] + (corner[1] - fy) * 0.05];
    const points = [fx, fy, fx + (corner[0] - fx) * 0.9, fy + (corner[1] - fy) * 0.9, fx, fy, sx, sy, ...outward, 113.6674, 34.7479, 116.4, 39.9];
    const counts = casesInFootprints(buildings, new Float64Array(points), points.length / 2);
    expect(counts[0]).toBe(3);
    expect(counts[1]).toBe(1);
    expect([...counts].reduce((s, n) => s + n, 0)).toBe(4);
  });

  it('read positions at a stride and from float32 columns, as the case columns hold them', () => {
    const buildings = served();
    const [x, y] = buildings[2]!.centroid;
    expect(casesInFootprints(buildings, new Float32Array([x, y, 0, x, y, 0]), 2, 3)[2]).toBe(2);
    expect(casesInFootprints(buildings, new Float32Array(0), 0)).toEqual(new Uint32Array(buildings.length));
    expect(casesInFootprints([], new Float32Array([x, y]), 1)).toHaveLength(0);
  });

  it('fall into classes of 0, 1, 2–4 and 5 or more cases', () => {
    expect([0, 1, 2, 4, 5, 40].map(buildingClass)).toEqual([0, 1, 2, 2, 3, 3]);
    expect(buildingClassLabels()).toEqual(['0', '1', '2–4', '≥5']);
  });
});

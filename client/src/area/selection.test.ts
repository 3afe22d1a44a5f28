import { describe, expect, it } from 'vitest';
import type { DistrictAreas, OverviewAreas } from '../api/loadCity.js';
import type { AreaFeature } from '../map/geo/areaFeatures.js';
import { detailDistrictOf, districtOf, parseAreaParam, resolveSelection } from './selection.js';

const area = (code: string): AreaFeature => ({
  type: 'Feature',
  id: code,
  properties: { code, name: code, bbox: { west: 0, south: 0, east: 1, north: 1 }, anchor: [0.5, 0.5] },
  geometry: { type: 'MultiPolygon', coordinates: [] },
});
const overview: OverviewAreas = { city: [area('410100')], districts: [area('410105')], streets: [area('410105001')] };
const jinshui: DistrictAreas = { code: '410105', communities: [area('410105001003')], grids: [area('410105001003001')] };

describe('parseAreaParam', () => {
  it('reads a well-formed code and its level', () => {
    expect(parseAreaParam('?area=410105')).toEqual({ kind: 'code', code: '410105', level: 'district' });
    expect(parseAreaParam('?x=1&area=410105001003')).toEqual({ kind: 'code', code: '410105001003', level: 'community' });
  });

  it('tells no parameter from a malformed one', () => {
    expect(parseAreaParam('')).toEqual({ kind: 'none' });
    expect(parseAreaParam('?area=')).toEqual({ kind: 'none' });
    expect(parseAreaParam('?area=41x')).toMatchObject({ kind: 'invalid' });
  });
});

describe('districtOf / detailDistrictOf', () => {
  it('loads detail for any area below the city, but only deep areas need it to resolve', () => {
    expect(districtOf(parseAreaParam('?area=410100'))).toBeNull();
    expect(districtOf(parseAreaParam('?area=410105001'))).toBe('410105');
    expect(detailDistrictOf(parseAreaParam('?area=410105001'))).toBeNull();
    expect(detailDistrictOf(parseAreaParam('?area=410105001003001'))).toBe('410105');
  });
});

describe('resolveSelection', () => {
  const resolve = (search: string, district?: DistrictAreas) => resolveSelection(parseAreaParam(search), overview, district);

  it('finds city, districts and streets in the overview', () => {
    expect(resolve('?area=410100')).toMatchObject({ status: 'found', code: '410100' });
    expect(resolve('?area=410105')).toMatchObject({ status: 'found', feature: { id: '410105' } });
    expect(resolve('?area=410105001')).toMatchObject({ status: 'found' });
    expect(resolve('?area=410105002')).toEqual({ status: 'unknown', code: '410105002' });
  });

  it('waits for the district file for communities and grids', () => {
    expect(resolve('?area=410105001003')).toEqual({ status: 'pending', code: '410105001003' });
    expect(resolve('?area=410105001003', jinshui)).toMatchObject({ status: 'found' });
    expect(resolve('?area=410105001003001', jinshui)).toMatchObject({ status: 'found' });
  });

  it('resolves a building to its grid cell and rejects districts that do not exist', () => {
    expect(resolve('?area=410105001003001007', jinshui)).toMatchObject({ status: 'found', feature: { id: '410105001003001' } });
    expect(resolve('?area=410199001003')).toEqual({ status: 'unknown', code: '410199001003' });
  });

  it('passes through none and invalid', () => {
    expect(resolve('')).toEqual({ status: 'none' });
    expect(resolve('?area=abc')).toMatchObject({ status: 'invalid' });
  });
});

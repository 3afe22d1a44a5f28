import { describe, expect, it } from 'vitest';
import type { DistrictAreas } from '../../api/loadCity.js';
import type { PartyMapData } from '../../api/party.js';
import { topologyAreas } from '../geo/areaFeatures.js';
import { twoSquaresTopology } from '../geo/testTopology.js';
import { darkTheme } from '../../theme.js';
import { CENTRE_LABEL_ZOOM, centreRadius, coverageColor, partyLayerGroups, PARTY_GOLD, PARTY_RED, type PartyLayerInput } from './partyLayers.js';
import { liveLayerGroups, baseLayers, mergeLayers } from './wallLayers.js';

const features = topologyAreas(twoSquaresTopology(), 'areas');
const district = (code: string): DistrictAreas => ({ code, communities: features, grids: features });
const party: PartyMapData = {
  area: '410105',
  centres: [
    { name: '杜岭街道党群服务中心', kind: 'street', position: [113.68, 34.76] },
    { name: '平等街社区党群服务中心', kind: 'community', position: [113.67, 34.75] },
  ],
  grids: new Map([
    [features[0]!.properties.code, { organisation: 'grid_branch' as const, members: 120 }],
    [features[1]!.properties.code, { organisation: 'none' as const, members: 2 }],
  ]),
};
const input = (over: Partial<PartyLayerInput> = {}): PartyLayerInput => ({
  party,
  districts: [district('410102'), district('410105')],
  zoom: 12,
  showCentres: true,
  showCoverage: true,
  shown: () => true,
  ...over,
});
const visible = (over: Partial<PartyLayerInput> = {}) => {
  const g = partyLayerGroups(input(over), darkTheme);
  return [...g.fills, ...g.marks, ...g.labels].filter((l) => l.props.visible).map((l) => l.id);
};

describe('partyLayers: 党群服务中心 and organisation coverage', () => {
  it('keeps stable ids whether or not data or layers are on, and slots them into the wall’s stack', () => {
    const ids = (over: Partial<PartyLayerInput>) => {
      const g = partyLayerGroups(input(over), darkTheme);
      return [...g.fills, ...g.marks, ...g.labels].map((l) => l.id);
    };
    expect(ids({})).toEqual(['party-coverage-410102', 'party-coverage-410105', 'party-centres', 'party-centre-labels']);
    expect(ids({ party: null, showCentres: false })).toEqual(ids({}));
    const overview = { city: features, districts: features, streets: features };
    const base = baseLayers({ overview, districts: [district('410105')], zoom: 12, focusDistrict: null, highlight: null }, darkTheme);
    const live = liveLayerGroups({ districts: [district('410105')], zoom: 12, focusDistrict: null });
    const stack = mergeLayers(base, live, partyLayerGroups(input({ districts: [district('410105')] }), darkTheme)).map((l) => l.id);
    // coverage under the outlines, centres over the case points, their names over the area labels
    expect(stack.indexOf('party-coverage-410105')).toBeLessThan(stack.indexOf('grids-410105'));
    expect(stack.indexOf('party-centres')).toBeGreaterThan(stack.indexOf('case-points'));
    expect(stack.at(-1)).toBe('party-centre-labels');
    expect(mergeLayers(base, live).map((l) => l.id)).toEqual(stack.filter((id) => !id.startsWith('party-')));
  });

  it('draws centres as red discs ringed in gold, a street’s larger, and names them only from the label zoom', () => {
    expect(visible({ zoom: 12 })).toEqual(['party-coverage-410102', 'party-coverage-410105', 'party-centres']);
    expect(visible({ zoom: CENTRE_LABEL_ZOOM })).toContain('party-centre-labels');
    // the city's centres come without names: none to draw at any zoom
    expect(visible({ zoom: 16, party: { ...party, centres: party.centres.map((c) => ({ ...c, name: '' })) } })).not.toContain('party-centre-labels');
    const centres = partyLayerGroups(input(), darkTheme).marks[0]!;
    expect(centres.props).toMatchObject({ data: party.centres, getFillColor: PARTY_RED, getLineColor: PARTY_GOLD, radiusUnits: 'pixels' });
    expect(centreRadius('street')).toBeGreaterThan(centreRadius('community'));
    const labels = partyLayerGroups(input({ zoom: 15 }), darkTheme).labels[0]!;
    expect(labels.props).toMatchObject({ characterSet: 'auto', fontFamily: expect.stringContaining('Noto Sans CJK SC') });
    expect((labels.props as unknown as { getSize: number }).getSize).toBeGreaterThanOrEqual(20);
  });

  it('draws only what is asked for, coverage only with per-grid data and where the grid detail is shown', () => {
    expect(visible({ showCoverage: false })).toEqual(['party-centres']);
    expect(visible({ showCentres: false })).toEqual(['party-coverage-410102', 'party-coverage-410105']);
    expect(visible({ party: { ...party, grids: null } })).toEqual(['party-centres']); // the city: no per-grid data
    expect(visible({ shown: (d) => d.code === '410105' })).toEqual(['party-coverage-410105', 'party-centres']);
    expect(visible({ party: null })).toEqual([]);
  });

  it('fills a 网格党支部 red, deeper with more members, a 党小组 amber, a cell without its own organisation grey, unknown cells clear', () => {
    const few = coverageColor({ organisation: 'grid_branch', members: 10 });
    const many = coverageColor({ organisation: 'grid_branch', members: 400 });
    expect(few.slice(0, 3)).toEqual([222, 41, 16]);
    expect(many[3]).toBeGreaterThan(few[3]);
    expect(coverageColor({ organisation: 'grid_branch', members: 200 })).toEqual(many);
    expect(coverageColor({ organisation: 'grid_group', members: 5 }).slice(0, 3)).toEqual([255, 170, 40]);
    expect(coverageColor({ organisation: 'none', members: 0 }).slice(0, 3)).toEqual([150, 150, 160]);
    expect(coverageColor(undefined)[3]).toBe(0);
    const layer = partyLayerGroups(input(), darkTheme).fills[1]!;
    const fill = (layer.props as unknown as { getFillColor: (f: (typeof features)[number]) => number[] }).getFillColor;
    expect(fill(features[0]!)).toEqual(coverageColor({ organisation: 'grid_branch', members: 120 }));
    expect(fill(features[1]!)).toEqual(coverageColor({ organisation: 'none', members: 2 }));
  });
});

import { describe, expect, it } from 'vitest';
import type { DistrictAreas, OverviewAreas } from '../../api/loadCity.js';
import { topologyAreas } from '../geo/areaFeatures.js';
import { twoSquaresTopology } from '../geo/testTopology.js';
import { darkTheme } from '../../theme.js';
import type { LiveLayerId } from './liveLayerIds.js';
import { wallLayers, type WallLayerInput } from './wallLayers.js';
import { CasePointColumns, type PointLayerData } from './caseColumns.js';
import { CASE_COLUMN_HEAT_ID, CASE_COLUMN_POINTS_ID } from './casePointLayer.js';

const features = topologyAreas(twoSquaresTopology(), 'areas');
const overview: OverviewAreas = { city: features, districts: features, streets: features };
const district = (code: string): DistrictAreas => ({ code, communities: features, grids: features });
const input = (zoom: number, extra: Partial<WallLayerInput> = {}): WallLayerInput => ({
  overview,
  districts: [district('410102'), district('410105')],
  zoom,
  focusDistrict: null,
  highlight: null,
  ...extra,
});
const visibleIds = (zoom: number, extra?: Partial<WallLayerInput>) =>
  wallLayers(input(zoom, extra), darkTheme)
    .filter((l) => l.props.visible)
    .map((l) => l.id);

describe('wallLayers', () => {
  it('gives every layer a unique, stable id', () => {
    const ids = wallLayers(input(12), darkTheme).map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(wallLayers(input(9), darkTheme).map((l) => l.id)).toEqual(ids);
    expect(ids).toContain('grids-410105');
  });

  it('draws the labels placed for the view, one layer per level, and hides a level without any', () => {
    const label = { code: '410105', text: '金水区', position: [113.7, 34.8] as const, size: 26, offset: [0, -10] as [number, number], box: { left: 0, top: 0, right: 90, bottom: 34 } };
    expect(visibleIds(8)).not.toContain('district-labels');
    const shown = visibleIds(8, { labels: { districts: [label], streets: [], communities: [] } });
    expect(shown).toContain('district-labels');
    expect(shown).not.toContain('street-labels');
    const layer = wallLayers(input(8, { labels: { districts: [label], streets: [], communities: [] } }), darkTheme).find((l) => l.id === 'district-labels');
    expect(layer?.props).toMatchObject({ data: [label], lineHeight: 1.1 });
  });

  it('draws grids from the detail zoom, or for the focused district at any zoom', () => {
    expect(visibleIds(10)).not.toContain('grids-410105');
    expect(visibleIds(11)).toEqual(expect.arrayContaining(['grids-410102', 'grids-410105', 'communities-410105']));
    const focused = visibleIds(9, { focusDistrict: '410105' });
    expect(focused).toContain('grids-410105');
    expect(focused).not.toContain('grids-410102');
  });

  it('labels with a local CJK font and an atlas built from the names present', () => {
    const labels = wallLayers(input(12), darkTheme).find((l) => l.id === 'district-labels');
    expect(labels?.props).toMatchObject({ characterSet: 'auto', fontFamily: expect.stringContaining('Noto Sans CJK SC') });
  });

  it('hides the highlight when nothing is selected', () => {
    expect(visibleIds(9)).not.toContain('highlight');
    expect(visibleIds(9, { highlight: features[0] ?? null })).toContain('highlight');
  });
});

describe('wallLayers with live data', () => {
  const live = (show: string[]): Partial<WallLayerInput> => ({
    live: {
      show: new Set(show as LiveLayerId[]),
      metric: 'open',
      figures: { cells: new Map(), version: '' },
      latest: [{ id: 'c1', lon: 113.67, lat: 34.78, urgency: 'normal', status: 'reported' } as never],
      pulses: [],
      pulseFrame: 0,
      workers: [],
    },
  });

  it('keeps the same ids with and without live data', () => {
    const ids = wallLayers(input(12), darkTheme).map((l) => l.id);
    expect(wallLayers(input(12, live(['points'])), darkTheme).map((l) => l.id)).toEqual(ids);
    expect(ids).toEqual(expect.arrayContaining(['cells-410105', 'case-heat', 'case-points', 'case-pulse', 'workers']));
  });

  it('draws the choropleth and workers only where grid detail is shown, and only the layers asked for', () => {
    const all = ['choropleth', 'heatmap', 'points', 'workers'];
    expect(visibleIds(10, live(all))).not.toContain('cells-410105');
    expect(visibleIds(10, live(all))).not.toContain('workers');
    expect(visibleIds(10, live(all))).toEqual(expect.arrayContaining(['case-heat', 'case-points']));
    expect(visibleIds(9, { ...live(all), focusDistrict: '410105' })).toEqual(expect.arrayContaining(['cells-410105', 'workers']));
    expect(visibleIds(12, live(['heatmap']))).not.toContain('case-points');
    expect(visibleIds(12, live(['heatmap']))).not.toContain('cells-410105');
  });
});

describe('the choropleth at every zoom and the case columns', () => {
  const live = (points: PointLayerData | null = null) => ({
    show: new Set<LiveLayerId>(['choropleth', 'points', 'heatmap']),
    metric: 'open' as const,
    figures: { cells: new Map(), version: '' },
    latest: [],
    pulses: [],
    pulseFrame: 0,
    workers: [],
    points,
    streets: overview.streets,
  });

  it('fills streets where no detail is drawn, communities below the grid zoom, cells from it', () => {
    expect(visibleIds(9, { live: live() })).toContain('cells-streets');
    expect(visibleIds(9, { live: live() })).not.toContain('cells-410105');
    const district = visibleIds(11, { live: live() });
    expect(district).toEqual(expect.arrayContaining(['communities-fill-410102', 'communities-fill-410105']));
    expect(district).not.toContain('cells-410105');
    const cells = visibleIds(13, { live: live() });
    expect(cells).toContain('cells-410105');
    expect(cells).not.toContain('communities-fill-410105');
    // A focused district takes over from its streets: the other district's streets stay filled.
    const street = wallLayers(input(9, { focusDistrict: '410105', live: live() }), darkTheme).find((l) => l.id === 'cells-streets');
    expect(street?.props.updateTriggers).toMatchObject({ getFillColor: ['', 'open', true, '410105'] });
  });

  it('draws points and heat from the case columns when given, the latest cases otherwise', () => {
    const points = new CasePointColumns(10);
    points.append([{ seq: 1, lon: 113.6, lat: 34.7, urgency: 'major', status: 'reported' }]);
    const withColumns = visibleIds(9, { live: live(points.layerData()) });
    expect(withColumns).toEqual(expect.arrayContaining([CASE_COLUMN_POINTS_ID, CASE_COLUMN_HEAT_ID]));
    expect(withColumns).not.toContain('case-points');
    expect(wallLayers(input(9, { live: live() }), darkTheme).map((l) => l.id)).toContain('case-points');
  });
});

import { describe, expect, it } from 'vitest';
import type { DistrictAreas, OverviewAreas } from '../api/loadCity.js';
import { topologyAreas } from '../geo/areaFeatures.js';
import { twoSquaresTopology } from '../geo/testTopology.js';
import { darkTheme } from '../theme.js';
import { wallLayers, type WallLayerInput } from './wallLayers.js';

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

  it('shows district labels always, streets from zoom 10, communities from 12.5', () => {
    expect(visibleIds(8)).toContain('district-labels');
    expect(visibleIds(9.9)).not.toContain('street-labels');
    expect(visibleIds(10)).toContain('street-labels');
    expect(visibleIds(12.4)).not.toContain('community-labels-410105');
    expect(visibleIds(12.5)).toContain('community-labels-410105');
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

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CityTopology } from '../../../../shared/src/city/topology.js';
import type { OverviewAreas } from '../../api/loadCity.js';
import { topologyAreas, unionBox } from '../geo/areaFeatures.js';
import type { LonLatBox } from '../geo/lonLatBox.js';
import { PANEL_LAYOUTS } from '../../wall/layout/panelLayout.js';
import { TEXT } from '../../theme.js';
import type { LabelViewport, ScreenBox } from './labelPlacement.js';
import { mapLabels } from './mapLabels.js';

const topology = JSON.parse(readFileSync(new URL('../../../../fixtures/city/geo/overview.topo.json', import.meta.url), 'utf8')) as CityTopology;
const overview: OverviewAreas = { city: topologyAreas(topology, 'city'), districts: topologyAreas(topology, 'districts'), streets: topologyAreas(topology, 'streets') };

const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
const lat = (y: number) => ((2 * Math.atan(Math.exp(y)) - Math.PI / 2) * 180) / Math.PI;

/** What maplibre's fitBounds shows: `box` as large as fits in the map less `pad` (the wall frames an area so, WallMap.tsx). */
function fitted(box: LonLatBox, width: number, height: number, pad: ScreenBox): LabelViewport {
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const spanX = box.east - box.west;
  const spanY = mercY(box.north) - mercY(box.south);
  const perX = Math.min(innerW / spanX, (innerH / spanY) * (Math.PI / 180)); // px per degree of longitude
  const perY = perX / (Math.PI / 180); // px per unit of Mercator y
  const cx = (box.west + box.east) / 2;
  const cy = (mercY(box.north) + mercY(box.south)) / 2;
  const x0 = pad.left + innerW / 2;
  const y0 = pad.top + innerH / 2;
  return { bounds: { west: cx - x0 / perX, east: cx + (width - x0) / perX, north: lat(cy + y0 / perY), south: lat(cy - (height - y0) / perY) }, width, height };
}

const intersect = (a: ScreenBox, b: ScreenBox) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('mapLabels on the real city', () => {
  for (const layout of ['standard', 'wide'] as const) {
    it(`names all 15 districts at the city framing of the ${layout} canvas, none over another or under a panel`, () => {
      const { mapInsets: m } = PANEL_LAYOUTS[layout];
      const [width, height] = layout === 'standard' ? [1920, 1080] : [3840, 1080];
      const margin = 24; // WallMap's FRAME_MARGIN
      const view = fitted(unionBox(overview.city)!, width, height, { left: m.left + margin, top: m.top + margin, right: m.right + margin, bottom: m.bottom + margin });
      const free = { left: m.left, top: m.top, right: width - m.right, bottom: height - m.bottom };
      const labels = mapLabels({ overview, districts: [], zoom: 8.5, focusDistrict: null }, view, free);
      expect(labels.districts.map((l) => l.code).sort()).toEqual(overview.districts.map((f) => f.properties.code).sort());
      expect(labels.streets).toEqual([]);
      for (const [i, a] of labels.districts.entries()) {
        expect(a.size).toBeGreaterThanOrEqual(TEXT.mapLabelMin);
        expect(a.box.left >= free.left && a.box.right <= free.right && a.box.top >= free.top && a.box.bottom <= free.bottom).toBe(true);
        for (const b of labels.districts.slice(i + 1)) expect(intersect(a.box, b.box), `${a.text} / ${b.text}`).toBe(false);
      }
    });
  }

  it('adds street labels from zoom 10, apart from the districts', () => {
    const view: LabelViewport = { bounds: { west: 113.55, east: 113.85, south: 34.68, north: 34.86 }, width: 1920, height: 1080 };
    const free = { left: 480, top: 100, right: 1320, bottom: 840 };
    const labels = mapLabels({ overview, districts: [], zoom: 10.5, focusDistrict: null }, view, free);
    expect(labels.streets.length).toBeGreaterThan(5);
    const all = [...labels.districts, ...labels.streets];
    for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) expect(intersect(a.box, b.box), `${a.text} / ${b.text}`).toBe(false);
  });
});

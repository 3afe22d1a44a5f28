import { describe, expect, it } from 'vitest';
import type { CaseSummary, ChildFigures } from '../../../../shared/src/live/events.js';
import type { DistrictAreas } from '../../api/loadCity.js';
import { topologyAreas } from '../geo/areaFeatures.js';
import { twoSquaresTopology } from '../geo/testTopology.js';
import { CELL_BREAKS, cellClass, cellColor, cellLegend } from './cellScale.js';
import { liveLayersFor } from './liveLayerIds.js';
import { caseColor, choroplethLayer, PULSE_MS, pulseRing } from './liveLayers.js';

const grids = topologyAreas(twoSquaresTopology(), 'areas');
const district: DistrictAreas = { code: '410105', communities: grids, grids };

describe('cell colour scale', () => {
  it('classes values by fixed breaks and draws nothing for 0', () => {
    expect(cellClass('open', 0)).toBe(-1);
    expect(cellColor('open', 0)[3]).toBe(0);
    expect(cellClass('open', 1)).toBe(0);
    expect(cellClass('open', 2)).toBe(0);
    expect(cellClass('open', 3)).toBe(1);
    expect(cellClass('open', 1000)).toBe(CELL_BREAKS.open.length - 1);
    expect(cellColor('overdue', 15)[3]).toBeGreaterThan(cellColor('overdue', 1)[3]);
  });

  it('labels the legend by range', () => {
    expect(cellLegend('open').map((r) => r.label)).toEqual(['1–2', '3–5', '6–9', '10–19', '20+']);
    expect(cellLegend('new').map((r) => r.label)).toEqual(['1', '2', '3–4', '5–9', '10+']);
    expect(cellLegend('per10k').map((r) => r.label)).toEqual(['<30', '30–60', '60–100', '100–200', '200+']);
    expect(cellLegend('per10k').map((r) => r.color)).toEqual(cellLegend('open').map((r) => r.color));
  });

  it('classes open cases per 10,000 households: any rate above 0 shows, urban and rural cells apart', () => {
    expect(cellClass('per10k', 0)).toBe(-1);
    expect(cellColor('per10k', 0)[3]).toBe(0);
    expect(cellClass('per10k', 0.5)).toBe(0); // one case in a (hypothetical) 20,000-household cell still shows
    expect(cellClass('per10k', 10_000 / 442)).toBe(0); // one case in the largest cell
    expect(cellClass('per10k', 20_000 / 380)).toBe(1); // two in an urban cell
    expect(cellClass('per10k', 10_000 / 150)).toBe(2); // one in a rural cell
    expect(cellClass('per10k', 60)).toBe(2);
    expect(cellClass('per10k', 70_000 / 380)).toBe(3); // seven in an urban cell
    expect(cellClass('per10k', 80_000 / 380)).toBe(4); // eight
  });
});

describe('live layers', () => {
  it('fills each grid by the chosen metric of its cell, recolouring on a new version', () => {
    const [a, b] = grids.map((g) => g.properties.code);
    const cells = new Map<string, ChildFigures>([[a!, [12, 1, 0, 30]]]);
    const layer = choroplethLayer(district, { cells, version: 'x:1' }, 'open', true);
    expect(layer.id).toBe('cells-410105');
    const fill = layer.props.getFillColor as unknown as (f: (typeof grids)[number]) => number[];
    expect(fill(grids[0]!)).toEqual(cellColor('open', 12));
    expect(fill(grids.find((g) => g.properties.code === b)!)[3]).toBe(0);
    const overdue = choroplethLayer(district, { cells, version: 'x:1' }, 'overdue', true);
    expect((overdue.props.getFillColor as unknown as typeof fill)(grids[0]!)).toEqual(cellColor('overdue', 1));
    expect(layer.props.updateTriggers).toEqual({ getFillColor: ['x:1', 'open'] });
  });

  it('fills grids by open cases per 10,000 of their households, nothing where households are 0 or unknown', () => {
    const [a, b] = grids.map((g) => g.properties.code);
    const cells = new Map<string, ChildFigures>([
      [a!, [3, 0, 0, 3]],
      [b!, [3, 0, 0, 3]],
    ]);
    const fillOf = (d: DistrictAreas) => choroplethLayer(d, { cells, version: 'x:1' }, 'per10k', true).props.getFillColor as unknown as (f: (typeof grids)[number]) => number[];
    const withHouseholds = fillOf({ ...district, households: new Map([[a!, 150], [b!, 0]]) });
    expect(withHouseholds(grids[0]!)).toEqual(cellColor('per10k', 200));
    expect(withHouseholds(grids[1]!)[3]).toBe(0);
    expect(fillOf(district)(grids[0]!)[3]).toBe(0);
  });

  it('colours cases by urgency and dims closed ones', () => {
    const c = (urgency: CaseSummary['urgency'], status: CaseSummary['status']) => caseColor({ urgency, status });
    expect(c('major', 'reported')).toEqual([255, 50, 60, 255]);
    expect(c('major', 'closed')[3]).toBeLessThan(255);
    expect(c('normal', 'reported')).not.toEqual(c('major', 'reported'));
  });

  it('grows and fades a pulse ring, gone by the end', () => {
    expect(pulseRing(0)).toEqual({ radius: 6, alpha: 255 });
    expect(pulseRing(500).radius).toBeGreaterThan(pulseRing(100).radius);
    expect(pulseRing(PULSE_MS - 1).alpha).toBeLessThan(5);
  });

  it('shows workers by default only below city level; ?layers= overrides', () => {
    expect([...liveLayersFor(null, true)]).toEqual(['choropleth', 'heatmap', 'points']);
    expect([...liveLayersFor(null, false)]).toEqual(['choropleth', 'heatmap', 'points', 'workers']);
    expect([...liveLayersFor(new Set(['workers']), true)]).toEqual(['workers']);
  });
});

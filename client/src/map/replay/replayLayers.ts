import type { Layer } from '@deck.gl/core';
import { caseHeatLayer, casePointLayer } from '../layers/casePointLayer.js';
import type { ReplayClock } from './replayClock.js';

// A replay's own layer ids: the live case columns' layers may be on the same map.
export const REPLAY_POINTS_ID = 'replay-points';
export const REPLAY_HEAT_ID = 'replay-heat';
export const REPLAY_PREVIOUS_HEAT_ID = 'replay-previous-heat';

/** The replay's heat and points at its current time, and the day before's heat when compared (drawn first, under them). */
export function replayLayers(clock: ReplayClock): Layer[] {
  const layers: Layer[] = [];
  if (clock.previous) {
    const previous = clock.previous.points.layerData();
    layers.push(caseHeatLayer(previous, previous.length > 0).clone({ id: REPLAY_PREVIOUS_HEAT_ID, opacity: 0.35, colorRange: PREVIOUS_DAY_COLORS }));
  }
  const data = clock.player.points.layerData();
  layers.push(caseHeatLayer(data, data.length > 0).clone({ id: REPLAY_HEAT_ID }), casePointLayer(data, true).clone({ id: REPLAY_POINTS_ID }));
  return layers;
}

/** The day before in greys to blue, so it reads as a shadow under the day's own heat. */
const PREVIOUS_DAY_COLORS: [number, number, number][] = [
  [200, 210, 225],
  [160, 180, 210],
  [120, 150, 200],
  [80, 120, 190],
  [50, 90, 170],
  [30, 60, 150],
];

import { STEER_LAYERS, type SteerLayer } from '../../../../shared/src/steer/steerCommands.js';

/** The wall's layers with `layer` turned on or off, in drawing order (as the `map` command takes them). */
export function toggledLayers(shown: readonly SteerLayer[], layer: SteerLayer): SteerLayer[] {
  const on = new Set(shown);
  if (on.has(layer)) on.delete(layer);
  else on.add(layer);
  return STEER_LAYERS.filter((l) => on.has(l));
}

import type { MapOptions } from 'maplibre-gl';
import type { WallTheme } from '../theme.js';

export type StyleSpec = Exclude<MapOptions['style'], string | undefined>;

/**
 * The wall's basemap: a background colour and nothing else. No tiles, glyphs, sprites or fonts
 * come from the network (the wall runs on an isolated network); every area is drawn by deck.gl.
 */
export function offlineStyle(theme: WallTheme): StyleSpec {
  return {
    version: 8,
    name: 'city-wall-offline',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': theme.background } }],
  };
}

import { MapLibreOverlay } from '@deck.gl/maplibre';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { MapView } from './geo/detailLevels.js';
import type { WallTheme } from '../theme.js';
import { offlineStyle } from './offlineStyle.js';

// Vite does not copy maplibre 6's worker on its own; point maplibre at the bundled file.
maplibregl.setWorkerUrl(workerUrl);

/** Roughly Zhengzhou's centre, [lon, lat] GCJ-02: the view until the city bounds are known. */
const INITIAL_CENTER: [number, number] = [113.6, 34.7];
const INITIAL_ZOOM = 8;

export interface WallMap {
  map: maplibregl.Map;
  overlay: MapLibreOverlay;
  dispose(): void;
}

/**
 * maplibre's default cap on the drawing buffer is 4096 px a side: a 7680×2160 wall would be drawn
 * at half resolution and blurred. Ask for up to 16384 (typical MAX_TEXTURE_SIZE); maplibre lowers
 * it by itself to what the GPU allows.
 */
const MAX_CANVAS_PX: [number, number] = [16384, 16384];

/**
 * A maplibre map and a deck.gl overlay sharing its WebGL context, interleaved: the deck.gl layers
 * are drawn over the style's layers. The style is the offline one, or `basemapStyle`, a style URL
 * on the user's network (watch it with watchBasemap: it can fail to load).
 * `pixelRatio`: device pixels per CSS pixel of `container` (see Stage.map in canvasScale.ts).
 */
export function createWallMap(container: HTMLElement, theme: WallTheme, pixelRatio: number, basemapStyle: string | null = null): WallMap {
  const map = new maplibregl.Map({
    container,
    pixelRatio,
    maxCanvasSize: MAX_CANVAS_PX,
    style: basemapStyle ?? offlineStyle(theme),
    center: INITIAL_CENTER,
    zoom: INITIAL_ZOOM,
    minZoom: 6,
    maxZoom: 17,
    attributionControl: false,
    // A wall is viewed head-on: no rotation or tilt.
    dragRotate: false,
    pitchWithRotate: false,
    renderWorldCopies: false,
  });
  const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });
  map.addControl(overlay);
  return {
    map,
    overlay,
    dispose() {
      map.removeControl(overlay);
      map.remove();
    },
  };
}

export function currentView(map: maplibregl.Map): MapView {
  const b = map.getBounds();
  const { clientWidth: width, clientHeight: height } = map.getContainer();
  return { zoom: map.getZoom(), bounds: { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }, width, height };
}

import { useEffect, useRef, useState, type RefObject } from 'react';
import type { MapView } from '../../map/geo/detailLevels.js';
import { createWallMap, currentView, type WallMap } from '../../map/createWallMap.js';
import { offlineStyle } from '../../map/offlineStyle.js';
import { attachRenderProbe } from '../../map/renderProbe.js';
import { keepBasemap, type BasemapStatus } from '../../map/watchBasemap.js';
import type { WallTheme } from '../../theme.js';

/**
 * Creates the map in `containerRef` for the component's lifetime; `view` updates when a move ends.
 * `pixelRatio` (device pixels per CSS pixel of the container) is applied without re-creating the map.
 * `basemapStyle`: a style URL on the user's network, or null for the offline style; `basemap` says
 * whether it loaded (on failure the map falls back to the offline style and tries it again every
 * few minutes: keepBasemap).
 */
export function useWallMap(
  containerRef: RefObject<HTMLElement | null>,
  theme: WallTheme,
  pixelRatio: number,
  basemapStyle: string | null,
): { wallMap: WallMap | null; view: MapView | null; basemap: BasemapStatus } {
  const [wallMap, setWallMap] = useState<WallMap | null>(null);
  const [view, setView] = useState<MapView | null>(null);
  const [basemap, setBasemap] = useState<BasemapStatus>(basemapStyle ? 'loading' : 'offline');
  const ratio = useRef(pixelRatio);
  ratio.current = pixelRatio;
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const created = createWallMap(container, theme, ratio.current, basemapStyle);
    setBasemap(basemapStyle ? 'loading' : 'offline');
    const stopWatching = basemapStyle ? keepBasemap(created.map, basemapStyle, offlineStyle(theme), setBasemap) : () => {};
    const onMoveEnd = (): void => setView(currentView(created.map));
    created.map.on('moveend', onMoveEnd);
    created.map.once('load', onMoveEnd);
    const detachProbe = attachRenderProbe(created.map, container);
    setWallMap(created);
    return () => {
      stopWatching();
      detachProbe();
      created.map.off('moveend', onMoveEnd);
      created.dispose();
      setWallMap(null);
    };
  }, [containerRef, theme, basemapStyle]);
  useEffect(() => {
    if (wallMap && wallMap.map.getPixelRatio() !== pixelRatio) wallMap.map.setPixelRatio(pixelRatio);
  }, [wallMap, pixelRatio]);
  return { wallMap, view, basemap };
}

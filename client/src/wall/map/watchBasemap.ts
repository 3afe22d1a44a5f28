import type { StyleSpec } from './offlineStyle.js';

/**
 * The basemap the wall shows: `offline` (our background only, no network), `loading` (a style on
 * the user's network, not loaded yet), `shown` (it loaded) or `failed` (it did not load, so the
 * offline style replaced it).
 */
export type BasemapStatus = 'offline' | 'loading' | 'shown' | 'failed';

/** How long a style on the user's network may take to load before the wall gives up on it (ms). */
export const BASEMAP_TIMEOUT_MS = 15_000;

type StyleListener = (event: { error?: Error }) => void;

/** The part of maplibregl.Map watched here (a fake in tests). */
export interface StyleHost {
  on(type: 'error' | 'style.load', listener: StyleListener): unknown;
  off(type: 'error' | 'style.load', listener: StyleListener): unknown;
  setStyle(style: StyleSpec, options: { diff: false }): unknown;
}

/**
 * Watches a map loading a style from the user's network until it has loaded (`shown`) or
 * failed: an error before it loaded (unreachable server, 404, invalid JSON) or no style within
 * `timeoutMs`. On failure the map gets `fallback` (the offline style), on which the deck.gl
 * layers go on drawing: never a blank wall. Errors after the style loaded (a missing tile) are
 * maplibre's own to report. Returns a function that stops watching.
 */
export function watchBasemap(map: StyleHost, fallback: StyleSpec, onSettled: (status: 'shown' | 'failed') => void, timeoutMs = BASEMAP_TIMEOUT_MS): () => void {
  let watching = true;
  const stop = (): void => {
    if (!watching) return;
    watching = false;
    clearTimeout(timer);
    map.off('error', onError);
    map.off('style.load', onLoad);
  };
  const fail = (reason: string): void => {
    if (!watching) return;
    stop();
    console.warn(`basemap style did not load (${reason}): showing the offline basemap`);
    // No diff: the failed style never loaded, so there is nothing to diff against.
    map.setStyle(fallback, { diff: false });
    onSettled('failed');
  };
  const onError: StyleListener = (event) => fail(event.error?.message ?? 'unknown error');
  const onLoad: StyleListener = () => {
    if (!watching) return;
    stop();
    onSettled('shown');
  };
  const timer = setTimeout(() => fail(`nothing within ${timeoutMs / 1000} s`), timeoutMs);
  map.on('error', onError);
  map.on('style.load', onLoad);
  return stop;
}

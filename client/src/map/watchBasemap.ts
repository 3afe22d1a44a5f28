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
  setStyle(style: StyleSpec | string, options: { diff: false }): unknown;
}

/** After a failed basemap, how often the wall checks whether its server is back (ms). */
export const BASEMAP_RETRY_MS = 5 * 60_000;

/** Whether the style answers (fetched, not given to the map: a failed try must not blank it). */
export async function styleAnswers(url: string, timeoutMs = BASEMAP_TIMEOUT_MS): Promise<boolean> {
  try {
    const res = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return false;
    const style = (await res.json()) as { version?: unknown };
    return style.version === 8;
  } catch {
    return false;
  }
}

/**
 * A wall runs for weeks: a basemap that failed once (its server restarting, a network outage) is
 * tried again. watchBasemap as above; after a failure, every `retryMs` the style URL is fetched
 * (`answers`), and only when it answers is it given to the map again and watched like the first
 * time. Until then the map stays on the offline style, never blank. `onStatus` hears every change.
 * Returns a function that stops everything.
 */
export function keepBasemap(
  map: StyleHost,
  url: string,
  fallback: StyleSpec,
  onStatus: (status: BasemapStatus) => void,
  options: { retryMs?: number; timeoutMs?: number; answers?: (url: string) => Promise<boolean> } = {},
): () => void {
  const { retryMs = BASEMAP_RETRY_MS, timeoutMs = BASEMAP_TIMEOUT_MS, answers = styleAnswers } = options;
  let stopped = false;
  let stopWatching = (): void => {};
  let retry: ReturnType<typeof setTimeout> | undefined;
  const watch = (): void => {
    stopWatching = watchBasemap(
      map,
      fallback,
      (status) => {
        onStatus(status);
        if (status === 'failed') schedule();
      },
      timeoutMs,
    );
  };
  const schedule = (): void => {
    retry = setTimeout(() => {
      void answers(url).then((ok) => {
        if (stopped) return;
        if (!ok) return schedule();
        onStatus('loading');
        map.setStyle(url, { diff: false });
        watch();
      });
    }, retryMs);
  };
  watch();
  return () => {
    stopped = true;
    clearTimeout(retry);
    stopWatching();
  };
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

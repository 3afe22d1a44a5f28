import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { DistrictAreas } from '../api/loadCity.js';
import { loadDistrict } from '../api/loadCity.js';
import { MAX_DISTRICTS_IN_VIEW } from '../map/geo/detailLevels.js';
import { DistrictStore, type DistrictEntry } from '../area/districtStore.js';

/** Slack over one view's districts so panning back and forth does not refetch (entries). */
const CACHE_CAPACITY = MAX_DISTRICTS_IN_VIEW + 4;

export interface DistrictDetail {
  /** Loaded districts among `wanted`, in the order asked. */
  ready: DistrictAreas[];
  entries: ReadonlyMap<string, DistrictEntry>;
}

/**
 * Keeps the detail geometry of `wanted` districts loaded, each fetched once while cached; with
 * `withHouseholds` (read once: the wall's metric is fixed by its URL) also their cells' households.
 * New `urls` (a screen that mounts before the city's catalogue has arrived, then gets it) start a
 * new cache, and the wanted districts load from them: pass the same object while they are the same.
 */
export function useDistrictDetail(urls: Readonly<Record<string, string>>, wanted: readonly string[], withHouseholds = false): DistrictDetail {
  const [initialHouseholds] = useState(withHouseholds);
  const store = useMemo(
    () =>
      new DistrictStore({
        urls,
        capacity: CACHE_CAPACITY,
        load: (code, url) =>
          loadDistrict((u, init) => fetch(u, init), code, url, initialHouseholds).catch((error: unknown) => {
            // The wall says which district failed in its own language; the cause is for the console.
            console.warn(`district ${code} detail:`, error);
            throw error;
          }),
      }),
    [urls, initialHouseholds],
  );
  const version = useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.version,
  );
  const key = wanted.join(',');
  useEffect(() => {
    store.request(key === '' ? [] : key.split(','));
  }, [store, key]);
  return useMemo(() => {
    void version; // recompute when the store changes
    const entries = new Map<string, DistrictEntry>();
    const ready: DistrictAreas[] = [];
    for (const code of key === '' ? [] : key.split(',')) {
      const entry = store.get(code);
      if (!entry) continue;
      entries.set(code, entry);
      if (entry.status === 'ready') ready.push(entry.areas);
    }
    return { ready, entries };
  }, [store, key, version]);
}

import { useEffect, useState } from 'react';
import { parseAreaNames, type AreaNames } from '../api/areaDetail.js';
import { areaDetailFetch, areaDetailUrl } from '../api/areaDetailFetch.js';
import { fetchJson } from '../api/fetchJson.js';

/**
 * Names of the followed area and its children (GET /api/areas/:code, the request shared with the
 * area's buildings: areaDetailFetch), null until loaded or on failure.
 */
export function useAreaNames(area: string): AreaNames | null {
  const [names, setNames] = useState<AreaNames | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    setNames(null);
    fetchJson(areaDetailFetch, areaDetailUrl(area), parseAreaNames, abort.signal).then(setNames, (error: unknown) => {
      // The panels fall back to the overview's names and to codes; the wall keeps running.
      if (!abort.signal.aborted) console.warn('area names unavailable:', error);
    });
    return () => abort.abort();
  }, [area]);
  return names;
}

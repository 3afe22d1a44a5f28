import { useEffect, useState } from 'react';
import { fetchJson, type FetchLike } from '../api/fetchJson.js';

/**
 * GETs `url` now and every `periodMs`, parsed by `parse`; `empty` until the first answer and after
 * `url` changes (null: nothing is fetched). Each request is aborted on unmount or when `url`
 * changes; a failed poll keeps what the last one gave (the next one may succeed). `fetchFn`: a
 * module-level FetchLike, e.g. one that shares its requests with another hook (areaDetailFetch).
 */
export function usePolled<T>(url: string | null, parse: (json: unknown, url: string) => T, periodMs: number, empty: T, fetchFn: FetchLike = fetch): T {
  const [value, setValue] = useState<T>(empty);
  useEffect(() => {
    setValue(empty);
    if (url === null) return;
    let controller: AbortController | null = null;
    const poll = (): void => {
      controller?.abort();
      const c = new AbortController();
      controller = c;
      fetchJson(fetchFn, url, parse, c.signal).then(
        (next) => {
          if (!c.signal.aborted) setValue(next);
        },
        () => {}, // aborted, or a transient failure: keep what is shown
      );
    };
    poll();
    const timer = setInterval(poll, periodMs);
    return () => {
      clearInterval(timer);
      controller?.abort();
    };
    // `parse`, `empty` and `fetchFn` are module constants at the call sites: the poll restarts on url and period only.
  }, [url, periodMs]);
  return value;
}

import { useEffect, useState } from 'react';

export type Loaded<T> = { status: 'loading'; last: T | null } | { status: 'ready'; value: T } | { status: 'error'; message: string; last: T | null };

/**
 * The answer of `load` for `key`, loaded again when the key changes (aborting the previous
 * request). While a new key loads, the last answer stays readable (`last`), so panels do not
 * blank between views.
 */
export function useLoaded<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading', last: null });
  useEffect(() => {
    if (key === null) return;
    const abort = new AbortController();
    setState((s) => ({ status: 'loading', last: lastOf(s) }));
    load(abort.signal).then(
      (value) => {
        if (!abort.signal.aborted) setState({ status: 'ready', value });
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setState((s) => ({ status: 'error', message: error instanceof Error ? error.message : String(error), last: lastOf(s) }));
      },
    );
    return () => abort.abort();
    // `load` is rebuilt each render; the key says when its answer changes.
  }, [key]);
  return state;
}

export function lastOf<T>(s: Loaded<T>): T | null {
  return s.status === 'ready' ? s.value : s.last;
}

import { useEffect, useState } from 'react';

export type Loaded<T> = { status: 'loading'; last: T | null } | { status: 'ready'; value: T } | { status: 'error'; message: string; last: T | null };

type Settled<T> = { key: string; value: T } | { key: string; error: string; last: T | null };

/**
 * The answer of `load` for `key`, loaded again when the key changes (aborting the previous
 * request). An answer counts only for the key it was asked for, so a panel never shows the last
 * view's figures as the new one's, not even for the render before the new request starts; while
 * a new key loads, the last answer stays readable (`last`), so panels do not blank between views.
 */
export function useLoaded<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  useEffect(() => {
    if (key === null) return;
    const abort = new AbortController();
    load(abort.signal).then(
      (value) => {
        if (!abort.signal.aborted) setSettled({ key, value });
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setSettled((s) => ({ key, error: error instanceof Error ? error.message : String(error), last: s ? valueOf(s) : null }));
      },
    );
    return () => abort.abort();
    // `load` is rebuilt each render; the key says when its answer changes.
  }, [key]);
  const last = settled ? valueOf(settled) : null;
  if (!settled || settled.key !== key) return { status: 'loading', last };
  return 'value' in settled ? { status: 'ready', value: settled.value } : { status: 'error', message: settled.error, last };
}

function valueOf<T>(s: Settled<T>): T | null {
  return 'value' in s ? s.value : s.last;
}

export function lastOf<T>(s: Loaded<T>): T | null {
  return s.status === 'ready' ? s.value : s.last;
}

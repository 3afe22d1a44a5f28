import { useEffect, useState } from 'react';
import { HttpError } from '../api/fetchJson.js';
import { loadCity, type CityData } from '../api/loadCity.js';

/** `unauthorized`: the wall is not signed in (no device cookie): it must be opened with its device link. */
export type CityDataState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'unauthorized' }
  | { status: 'ready'; data: CityData };

/** Loads the catalogue and the overview geometry once, at start. */
export function useCityData(): CityDataState {
  const [state, setState] = useState<CityDataState>({ status: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    loadCity((url, init) => fetch(url, init), abort.signal).then(
      (data) => setState({ status: 'ready', data }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        if (error instanceof HttpError && error.status === 401) setState({ status: 'unauthorized' });
        else setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, []);
  return state;
}

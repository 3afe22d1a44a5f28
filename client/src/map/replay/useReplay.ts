import { useEffect, useState, useSyncExternalStore } from 'react';
import { fetchReplay } from '../../api/caseColumns.js';
import type { LayerSource } from './layerSource.js';
import { ReplayClock, type ReplayEnd } from './replayClock.js';
import { replayLayers } from './replayLayers.js';
import { ReplayPlayer } from './replayPlayer.js';

const DAY_MS = 86_400_000;

/** What to replay: an area over [from, to) (epoch ms); null replays nothing. */
export interface ReplayRequest {
  area: string;
  from: number;
  to: number;
  speed: number;
  end: ReplayEnd;
  /** Start playing as soon as it is loaded. */
  autoplay: boolean;
}

export type ReplayStatus = { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; clock: ReplayClock; source: LayerSource; loadMs: number };

/**
 * Loads a replay (GET /api/replay) and plays it on animation frames while mounted; `compare`
 * also loads the day before the period's start and follows it at time − 24 h.
 */
export function useReplay(request: ReplayRequest | null, compare: boolean): ReplayStatus {
  const [state, setState] = useState<ReplayStatus>({ status: 'idle' });
  const key = request ? `${request.area}|${request.from}|${request.to}` : '';
  useEffect(() => {
    if (!request) {
      setState({ status: 'idle' });
      return;
    }
    const abort = new AbortController();
    const started = performance.now();
    setState({ status: 'loading' });
    fetchReplay(fetch, request.area, request.from, request.to, abort.signal)
      .then((columns) => {
        const clock = new ReplayClock(new ReplayPlayer(columns), { speed: request.speed, end: request.end });
        const source: LayerSource = { subscribe: clock.subscribe, getVersion: clock.getVersion, layers: () => replayLayers(clock) };
        setState({ status: 'ready', clock, source, loadMs: performance.now() - started });
        if (request.autoplay) clock.play();
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setState({ status: 'error', message: (error as Error).message });
      });
    return () => abort.abort();
    // A new area or period loads again; speed and end are set on the clock.
  }, [key]);

  const clock = state.status === 'ready' ? state.clock : null;
  useEffect(() => (clock ? clock.run() : undefined), [clock]);

  // The day before: loaded once per period while compared.
  useEffect(() => {
    if (!clock || !compare || !request) return;
    const abort = new AbortController();
    fetchReplay(fetch, request.area, request.from - DAY_MS, request.from, abort.signal)
      .then((columns) => clock.setPrevious(new ReplayPlayer(columns)))
      .catch(() => {
        // No comparison when the day before cannot be read (the replay itself goes on).
      });
    return () => {
      abort.abort();
      clock.setPrevious(null);
    };
  }, [clock, compare]);
  return state;
}

/** Re-renders on each change of the clock (time, speed, playing). */
export function useReplayClock(clock: ReplayClock | null): number {
  return useSyncExternalStore(clock ? clock.subscribe : noSubscribe, clock ? clock.getVersion : zero);
}

const noSubscribe = (): (() => void) => () => {};
const zero = (): number => 0;

import { useEffect, useRef, useState } from 'react';
import type { CaseColumns } from '../../../shared/src/columnar/caseColumns.js';
import type { LiveSocket } from '../../../shared/src/live/socketFeed.js';
import { PROTOCOL_VERSION, type ServerToClientEvents, type SubscribeReply } from '../../../shared/src/live/events.js';
import { fetchCaseColumns, fetchMapCases, type FetchBinary } from '../api/caseColumns.js';
import { CasePointColumns } from '../map/layers/caseColumns.js';
import { CaseColumnsSync } from './caseColumnsSync.js';

/** The whole area is fetched again this often, whatever the stream said (changes past a delta's bound, clock drift). */
export const CASE_COLUMNS_RESYNC_MS = 3 * 60_000;
/** The heat shows the cases reported in this window (ms), moved on every HEAT_STEP_MS. */
export const HEAT_WINDOW_MS = 24 * 3_600_000;
const HEAT_STEP_MS = 60_000;

const browserFetch: FetchBinary = (url, init) => fetch(url, init);

export interface CaseColumnsState {
  /** The area's points (null while off); the same object until the area, the cap or the source changes. */
  points: CasePointColumns | null;
  /** Bumped on every change of the points: memoise `points.layerData()` on it. */
  version: number;
  /** Loads completed for this area (0: still waiting for the first answer). */
  loads: number;
  /** The last load's failure, cleared by the next success. */
  error: string | null;
}

const OFF: CaseColumnsState = { points: null, version: 0, loads: 0, error: null };

function useSync(
  key: string | null,
  reloadKey: string,
  cap: number,
  load: ((signal: AbortSignal) => Promise<CaseColumns>) | null,
  listen: ((sync: CaseColumnsSync) => () => void) | null,
  heatWindowMs: number | null,
): CaseColumnsState {
  const [state, setState] = useState<CaseColumnsState>(OFF);
  const syncRef = useRef<CaseColumnsSync | null>(null);
  // `key` names everything the load and the listener depend on: they are read when it changes.
  useEffect(() => {
    if (key === null || load === null) {
      setState(OFF);
      return;
    }
    const points = new CasePointColumns(cap);
    const heat = (): void => {
      if (heatWindowMs !== null) points.heatSince(Date.now() - heatWindowMs);
    };
    heat();
    let version = 0;
    const sync = new CaseColumnsSync({
      points,
      load,
      onChange: () => {
        heat();
        setState({ points, version: ++version, loads: sync.loads, error: null });
      },
      onError: (error) => setState((s) => ({ ...s, error: error.message })),
    });
    syncRef.current = sync;
    setState({ points, version, loads: 0, error: null });
    const unlisten = listen?.(sync) ?? (() => {});
    sync.reload();
    let steps = 0;
    const resyncSteps = Math.max(1, Math.round(CASE_COLUMNS_RESYNC_MS / HEAT_STEP_MS));
    const timer = setInterval(() => {
      steps++;
      if (steps % resyncSteps === 0) sync.reload();
      else if (heatWindowMs !== null) {
        const before = points.dirtyRanges.getWeight;
        heat();
        if (points.dirtyRanges.getWeight !== before) setState({ points, version: ++version, loads: sync.loads, error: null });
      }
    }, HEAT_STEP_MS);
    return () => {
      clearInterval(timer);
      unlisten();
      sync.stop();
      if (syncRef.current === sync) syncRef.current = null;
    };
  }, [key, cap, heatWindowMs]);
  // (`key` stands for load and listen: they are read when it changes.)
  // A new reload key loads again into the same points (no blank map in between).
  const firstReload = useRef(true);
  useEffect(() => {
    if (firstReload.current) {
      firstReload.current = false;
      return;
    }
    syncRef.current?.reload();
  }, [reloadKey]);
  return state;
}

/**
 * Asks the server for the map section of the area's deltas on this connection (area:map: every
 * added case and state change of a tick as columns, not 50 of each). The area itself is followed
 * by the screen's feed (followArea), so `ask` is called now and on every snapshot of the area (a
 * reconnect's subscription is then through); a request over the rate limit is asked again after
 * the wait named. `stop` turns the section off (the area stays followed).
 */
function mapSectionRequests(socket: LiveSocket, area: string): { ask: () => void; stop: () => void } {
  let active = true;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const ask = (): void => {
    if (!active || !socket.connected) return;
    socket.emit('area:map', { v: PROTOCOL_VERSION, area, map: true }, (reply: SubscribeReply) => {
      if (!reply.ok && reply.code === 'rate_limited' && active && retry === null) {
        retry = setTimeout(() => {
          retry = null;
          ask();
        }, reply.retryAfterMs);
      }
    });
  };
  const stop = (): void => {
    active = false;
    if (retry) clearTimeout(retry);
    if (socket.connected) socket.emit('area:map', { v: PROTOCOL_VERSION, area, map: false }, () => {});
  };
  return { ask, stop };
}

/**
 * Every open case of the followed area as map points, live: loaded from GET /api/map/cases when
 * the hook starts, on every snapshot of the area (a (re)subscription or a resync after a gap) and
 * every CASE_COLUMNS_RESYNC_MS. It asks for the deltas' map section, so every case a tick adds is
 * appended and every state change applied in place (a closed case leaves); only a section that
 * counted entries past its bound loads the area again. At most `cap` points; the rest are counted
 * in `points.omitted`. The heat weights only the last `heatWindowMs` (null: all). `socket` and
 * `area` null: off.
 */
export function useLiveCaseColumns(socket: LiveSocket | null, area: string | null, cap: number, heatWindowMs: number | null = HEAT_WINDOW_MS): CaseColumnsState {
  const on = socket !== null && area !== null;
  const load = on ? (signal: AbortSignal) => fetchMapCases(browserFetch, area, signal) : null;
  const listen = on
    ? (sync: CaseColumnsSync) => {
        const map = mapSectionRequests(socket, area);
        const onSnapshot: ServerToClientEvents['area:snapshot'] = (s) => {
          if (s.area !== area) return;
          map.ask();
          sync.reload();
        };
        const onDelta: ServerToClientEvents['area:delta'] = (d) => {
          if (d.area === area) sync.delta(d);
        };
        socket.on('area:snapshot', onSnapshot);
        socket.on('area:delta', onDelta);
        map.ask();
        return () => {
          map.stop();
          socket.off('area:snapshot', onSnapshot);
          socket.off('area:delta', onDelta);
        };
      }
    : null;
  return useSync(on ? `${socketIdentity(socket)}:${area}` : null, '', cap, load, listen, heatWindowMs);
}

/**
 * The points of one GET /api/map/cases URL (the desk's area and filters), loaded again whenever
 * `reloadKey` changes (the desk's figures refresh) and every CASE_COLUMNS_RESYNC_MS. `url` null: off.
 */
export function useCaseColumnsAt(url: string | null, reloadKey: string, cap: number): CaseColumnsState {
  const load = url === null ? null : (signal: AbortSignal) => fetchCaseColumns(browserFetch, url, signal);
  return useSync(url, reloadKey, cap, load, null, null);
}

/** A number per socket object, so a new connection (a new object) restarts the hook. */
const socketIds = new WeakMap<LiveSocket, number>();
let nextSocketId = 1;
function socketIdentity(socket: LiveSocket): number {
  let id = socketIds.get(socket);
  if (id === undefined) {
    id = nextSocketId++;
    socketIds.set(socket, id);
  }
  return id;
}

import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import type { FeedView } from '../../../shared/src/live/areaFeed.js';
import { PROTOCOL_VERSION } from '../../../shared/src/live/events.js';
import { followArea, type LiveSocket, type Refusal } from '../../../shared/src/live/socketFeed.js';
import { useBuildReload, type PendingReload } from './useBuildReload.js';

export interface LiveFeedState {
  /** The followed area's data; null until its first snapshot (also right after the area changes). */
  view: FeedView | null;
  connected: boolean;
  /** Local time of the last message of any kind, ms. */
  heardAt: number | null;
  /** The server refused to follow the area (unknown, outside the wall's scope): no data will come. */
  refusal: Refusal | null;
  /** The one connection (null before it is made): the wall's steering rides on it too. */
  socket: LiveSocket | null;
  /** The server runs another client build or protocol: the page reloads itself then (useBuildReload). */
  update: PendingReload | null;
}

/**
 * One area's live figures over Socket.IO (same origin), resyncing and reconnecting by itself. One
 * connection for the component's lifetime: following another area (the district tour) unsubscribes
 * the old one and subscribes the new one on the same socket. `area` null: connected, following nothing.
 * Every screen's connection: so each reloads itself when the server announces another build.
 */
export function useAreaFeed(area: string | null): LiveFeedState {
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [heardAt, setHeardAt] = useState<number | null>(null);
  const [view, setView] = useState<FeedView | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    const s: LiveSocket = io({ transports: ['websocket'] });
    s.on('connect', () => setConnected(true));
    s.on('disconnect', () => setConnected(false));
    setSocket(s);
    return () => {
      s.disconnect();
      setSocket(null);
    };
  }, []);

  useEffect(() => {
    if (!socket || area === null) return;
    setView(null);
    setRefusal(null);
    const { feed, stop } = followArea(socket, area, () => setHeardAt(Date.now()), setRefusal);
    const off = feed.onChange((v) => {
      setRefusal(null); // a snapshot after a reconnect: the area is served again
      setView({ ...v });
    });
    return () => {
      off();
      stop();
      // The server would go on sending the old area's deltas to this socket otherwise.
      if (socket.connected) socket.emit('area:unsubscribe', { v: PROTOCOL_VERSION, area }, () => {});
    };
  }, [socket, area]);

  const update = useBuildReload(socket, refusal?.code === 'version');

  return { view: view?.area === area ? view : null, connected, heardAt, refusal: refusal?.area === area ? refusal : null, socket, update };
}

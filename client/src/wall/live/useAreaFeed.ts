import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { AreaFeed, type FeedView } from '../../../../shared/src/live/areaFeed.js';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../../../shared/src/live/events.js';

export interface LiveFeedState {
  view: FeedView | null;
  connected: boolean;
  /** Local time of the last message of any kind, ms. */
  heardAt: number | null;
}

/** One area's live figures over Socket.IO (same origin), resyncing and reconnecting by itself. */
export function useAreaFeed(area: string): LiveFeedState {
  const [state, setState] = useState<LiveFeedState>({ view: null, connected: false, heardAt: null });
  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket'] });
    const feed = new AreaFeed(area, {
      subscribe: (a) => socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area: a }, () => {}),
      resync: (a) => socket.emit('area:resync', { v: PROTOCOL_VERSION, area: a }, () => {}),
    });
    const heard = () => setState((s) => ({ ...s, heardAt: Date.now() }));
    const off = feed.onChange((view) => setState((s) => ({ ...s, view: { ...view } })));
    socket.on('connect', () => {
      setState((s) => ({ ...s, connected: true }));
      feed.start();
    });
    socket.on('disconnect', () => setState((s) => ({ ...s, connected: false })));
    socket.on('area:snapshot', (snapshot) => {
      feed.snapshot(snapshot);
      heard();
    });
    socket.on('area:delta', (delta) => {
      feed.delta(delta);
      heard();
    });
    socket.on('live:heartbeat', (beat) => {
      feed.heartbeat(beat.seqs[area] ?? 0);
      heard();
    });
    return () => {
      off();
      socket.disconnect();
    };
  }, [area]);
  return state;
}

import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import type { FeedView } from '../../../../shared/src/live/areaFeed.js';
import { followArea, type LiveSocket } from '../../../../shared/src/live/socketFeed.js';

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
    const socket: LiveSocket = io({ transports: ['websocket'] });
    const { feed, stop } = followArea(socket, area, () => setState((s) => ({ ...s, heardAt: Date.now() })));
    const off = feed.onChange((view) => setState((s) => ({ ...s, view: { ...view } })));
    socket.on('connect', () => setState((s) => ({ ...s, connected: true })));
    socket.on('disconnect', () => setState((s) => ({ ...s, connected: false })));
    return () => {
      off();
      stop();
      socket.disconnect();
    };
  }, [area]);
  return state;
}

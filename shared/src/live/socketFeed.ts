import type { Socket } from 'socket.io-client';
import { AreaFeed, type FeedLink } from './areaFeed.js';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from './events.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Subscriptions and resyncs of a feed sent over a Socket.IO client. */
export function socketLink(socket: LiveSocket): FeedLink {
  return {
    subscribe: (area) => socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area }, () => {}),
    resync: (area) => socket.emit('area:resync', { v: PROTOCOL_VERSION, area }, () => {}),
  };
}

/**
 * Follows one area over a socket: snapshots, deltas and heartbeats go to an AreaFeed, which
 * subscribes now (or when the socket connects) and again after every reconnect. `heard` is called
 * for every message of the area. `stop` removes the listeners.
 */
export function followArea(socket: LiveSocket, area: string, heard: () => void = () => {}): { feed: AreaFeed; stop: () => void } {
  const feed = new AreaFeed(area, socketLink(socket));
  const onConnect = () => feed.start();
  const onSnapshot: ServerToClientEvents['area:snapshot'] = (s) => {
    if (s.area !== area) return;
    feed.snapshot(s);
    heard();
  };
  const onDelta: ServerToClientEvents['area:delta'] = (d) => {
    if (d.area !== area) return;
    feed.delta(d);
    heard();
  };
  const onHeartbeat: ServerToClientEvents['live:heartbeat'] = (beat) => {
    if (!(area in beat.seqs)) return;
    feed.heartbeat(beat.seqs[area]!);
    heard();
  };
  socket.on('connect', onConnect);
  socket.on('area:snapshot', onSnapshot);
  socket.on('area:delta', onDelta);
  socket.on('live:heartbeat', onHeartbeat);
  if (socket.connected) feed.start();
  return {
    feed,
    stop: () => {
      socket.off('connect', onConnect);
      socket.off('area:snapshot', onSnapshot);
      socket.off('area:delta', onDelta);
      socket.off('live:heartbeat', onHeartbeat);
    },
  };
}

import type { Socket } from 'socket.io-client';
import { AreaFeed, type FeedLink } from './areaFeed.js';
import { PROTOCOL_VERSION, type ClientToServerEvents, type LiveErrorCode, type ServerToClientEvents, type SubscribeReply } from './events.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The server said no to a subscription or resync: the area does not exist, lies outside the caller's scope, ... */
export interface Refusal {
  area: string;
  code: LiveErrorCode;
  message: string;
}

/**
 * Subscriptions and resyncs of a feed sent over a Socket.IO client. A refusal in the
 * acknowledgement goes to `onRefused`: without it a refused wall would wait for a snapshot forever.
 */
export function socketLink(socket: LiveSocket, onRefused: (refusal: Refusal) => void = () => {}): FeedLink {
  const ack = (area: string) => (reply: SubscribeReply) => {
    if (!reply.ok) onRefused({ area, code: reply.code, message: reply.message });
  };
  return {
    subscribe: (area) => socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area }, ack(area)),
    resync: (area) => socket.emit('area:resync', { v: PROTOCOL_VERSION, area }, ack(area)),
  };
}

/**
 * Follows one area over a socket: snapshots, deltas and heartbeats go to an AreaFeed, which
 * subscribes now (or when the socket connects) and again after every reconnect. `heard` is called
 * for every message of the area; `onRefused` when the server refuses the subscription (it is
 * asked again only after a reconnect). `stop` removes the listeners and silences both callbacks.
 */
export function followArea(
  socket: LiveSocket,
  area: string,
  heard: () => void = () => {},
  onRefused: (refusal: Refusal) => void = () => {},
): { feed: AreaFeed; stop: () => void } {
  let stopped = false;
  const feed = new AreaFeed(
    area,
    socketLink(socket, (r) => {
      if (!stopped) onRefused(r);
    }),
  );
  const onConnect = () => feed.start();
  // The server refuses the connection itself when the session is missing, expired or revoked: the
  // client does not retry that, so say so instead of waiting for data forever.
  const onConnectError = (error: Error) => {
    if (!stopped && error.message.startsWith('unauthorized')) onRefused({ area, code: 'unauthorized', message: error.message });
  };
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
  socket.on('connect_error', onConnectError);
  socket.on('area:snapshot', onSnapshot);
  socket.on('area:delta', onDelta);
  socket.on('live:heartbeat', onHeartbeat);
  if (socket.connected) feed.start();
  return {
    feed,
    stop: () => {
      stopped = true;
      socket.off('connect', onConnect);
      socket.off('connect_error', onConnectError);
      socket.off('area:snapshot', onSnapshot);
      socket.off('area:delta', onDelta);
      socket.off('live:heartbeat', onHeartbeat);
    },
  };
}

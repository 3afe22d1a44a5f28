import type { Socket } from 'socket.io-client';
import { AreaFeed, type FeedLink } from './areaFeed.js';
import { PROTOCOL_VERSION, REQUESTS_PER_SECOND, type ClientToServerEvents, type LiveErrorCode, type ServerToClientEvents, type SubscribeReply } from './events.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The server said no to a subscription or resync: the area does not exist, lies outside the caller's scope, ... */
export interface Refusal {
  area: string;
  code: LiveErrorCode;
  message: string;
}

/**
 * Requests the server answered `rate_limited`, per connection: sent again in order, first after the
 * wait the server named, then one per 1/REQUESTS_PER_SECOND s (the server's refill), so a client
 * following many areas catches up at the rate it is allowed instead of asking again and again.
 */
class RetryQueue {
  private readonly queue: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  add(send: () => void, afterMs: number): void {
    this.queue.push(send);
    this.timer ??= setTimeout(this.next, afterMs);
  }

  private readonly next = (): void => {
    this.timer = null;
    this.queue.shift()?.();
    if (this.queue.length > 0) this.timer = setTimeout(this.next, 1000 / REQUESTS_PER_SECOND);
  };
}

const retryQueues = new WeakMap<LiveSocket, RetryQueue>();

/**
 * Subscriptions and resyncs of a feed sent over a Socket.IO client. A refusal in the
 * acknowledgement goes to `onRefused`: without it a refused wall would wait for a snapshot forever.
 * A request over the connection's rate is not a refusal: it is sent again after the wait, while
 * `active` says the feed still wants it (a reconnect subscribes anew, so a retry that finds the
 * socket down is dropped too).
 */
export function socketLink(socket: LiveSocket, onRefused: (refusal: Refusal) => void = () => {}, active: () => boolean = () => true): FeedLink {
  const queue = retryQueues.get(socket) ?? new RetryQueue();
  retryQueues.set(socket, queue);
  const send = (event: 'area:subscribe' | 'area:resync', area: string): void => {
    socket.emit(event, { v: PROTOCOL_VERSION, area }, (reply: SubscribeReply) => {
      if (reply.ok) return;
      if (reply.code === 'rate_limited') queue.add(() => socket.connected && active() && send(event, area), reply.retryAfterMs);
      else onRefused({ area, code: reply.code, message: reply.message });
    });
  };
  return {
    subscribe: (area) => send('area:subscribe', area),
    resync: (area) => send('area:resync', area),
  };
}

/**
 * Follows one area over a socket: snapshots, deltas and heartbeats go to an AreaFeed, which
 * subscribes now (or when the socket connects) and again after every reconnect. `heard` is called
 * for every message of the area; `onRefused` when the server refuses the subscription (it is
 * asked again only after a reconnect), stops serving the area (`area:refused`: the account's area or
 * role changed) or ends the connection (`live:closed`: signed out, revoked, expired, disabled).
 * `stop` removes the listeners and silences both callbacks.
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
    socketLink(
      socket,
      (r) => {
        if (!stopped) onRefused(r);
      },
      () => !stopped,
    ),
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
  // The account's area or rights changed: this area is no longer served.
  const onAreaRefused: ServerToClientEvents['area:refused'] = (r) => {
    if (!stopped && r.area === area) onRefused({ area, code: r.code, message: r.message });
  };
  // The server closes the connection: signed out, revoked, expired or disabled. (A connection closed
  // for ignoring rate limits is not this client's: it paces its retries.)
  const onClosed: ServerToClientEvents['live:closed'] = (c) => {
    if (!stopped && c.code === 'unauthorized') onRefused({ area, code: c.code, message: c.message });
  };
  socket.on('connect', onConnect);
  socket.on('connect_error', onConnectError);
  socket.on('area:snapshot', onSnapshot);
  socket.on('area:delta', onDelta);
  socket.on('live:heartbeat', onHeartbeat);
  socket.on('area:refused', onAreaRefused);
  socket.on('live:closed', onClosed);
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
      socket.off('area:refused', onAreaRefused);
      socket.off('live:closed', onClosed);
    },
  };
}

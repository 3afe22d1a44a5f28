import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents, type SubscribeReply } from './events.js';
import { followArea, type LiveSocket, type Refusal } from './socketFeed.js';

/**
 * A real Socket.IO server on port 0 that answers like the live hub: 410105 is served, 410199 does
 * not exist, 410102 lies outside the caller's scope, anything else is malformed.
 */
function reply(area: string): SubscribeReply {
  if (area === '410105') return { ok: true, area };
  if (area === '410199') return { ok: false, code: 'not_found', message: `area ${area} not found` };
  if (area === '410102') return { ok: false, code: 'forbidden', message: `area ${area} lies outside your area 410105` };
  return { ok: false, code: 'bad_request', message: 'area must be an area code' };
}

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('followArea over a real socket', () => {
  const http = createServer();
  const server = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  let url = '';
  const sockets: LiveSocket[] = [];
  beforeAll(async () => {
    server.on('connection', (socket) => {
      socket.on('area:subscribe', ({ area }, ack) => {
        const r = reply(area);
        ack(r);
        if (r.ok) {
          const aggregate = { area, total: 1, open: 1, overdue: 0, newLastHour: 1, byStatus: {}, byCategory: {}, byUrgency: {}, children: {} };
          socket.emit('area:snapshot', { v: PROTOCOL_VERSION, area, seq: 1, at: 0, aggregate, cells: {}, latest: [], alerts: [], kpis: null, staff: null, ranking: null, trend: null });
        }
      });
      socket.on('area:resync', ({ area }, ack) => ack(reply(area)));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server.close();
  });

  const connect = (): LiveSocket => {
    const s: LiveSocket = io(url, { transports: ['websocket'] });
    sockets.push(s);
    return s;
  };

  it.each([
    ['410199', 'not_found'],
    ['410102', 'forbidden'],
    ['x', 'bad_request'],
  ] as const)('hands a refused subscription of %s to the caller as %s', async (area, code) => {
    const refusals: Refusal[] = [];
    const { feed } = followArea(connect(), area, () => {}, (r) => refusals.push(r));
    await until(() => refusals.length > 0);
    expect(refusals).toEqual([{ area, code, message: expect.any(String) }]);
    expect(feed.current).toBeNull();
  });

  it('says nothing for an accepted subscription, which gets its snapshot', async () => {
    const refusals: Refusal[] = [];
    const { feed } = followArea(connect(), '410105', () => {}, (r) => refusals.push(r));
    await until(() => feed.current !== null);
    expect(feed.current!.aggregate.total).toBe(1);
    expect(refusals).toEqual([]);
  });

  it('stays silent about a refusal that arrives after stop()', async () => {
    const refusals: Refusal[] = [];
    const socket = connect();
    await until(() => socket.connected);
    const { stop } = followArea(socket, '410102', () => {}, (r) => refusals.push(r));
    stop(); // the subscription is already on its way
    await new Promise((r) => setTimeout(r, 200));
    expect(refusals).toEqual([]);
  });

  it('hands a refused connection (no or expired session) to the caller as unauthorized', async () => {
    const http2 = createServer();
    const guarded = new Server<ClientToServerEvents, ServerToClientEvents>(http2);
    guarded.use((_socket, next) => next(new Error('unauthorized: the session or token is not valid')));
    await new Promise<void>((resolve) => http2.listen(0, '127.0.0.1', resolve));
    const socket: LiveSocket = io(`http://127.0.0.1:${(http2.address() as AddressInfo).port}`, { transports: ['websocket'] });
    try {
      const refusals: Refusal[] = [];
      followArea(socket, '410105', () => {}, (r) => refusals.push(r));
      await until(() => refusals.length > 0);
      expect(refusals).toEqual([{ area: '410105', code: 'unauthorized', message: expect.stringMatching(/^unauthorized/) }]);
    } finally {
      socket.disconnect();
      await guarded.close();
    }
  });
});

import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AreaFeed } from '../../../shared/src/live/areaFeed.js';
import { socketLink } from '../../../shared/src/live/socketFeed.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/src/live/events.js';
import { validCase } from '../testing/caseInputs.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Wires a feed to a real socket; `dropNext` loses the next delta as a network would. */
function wire(socket: Client, area: string) {
  const feed = new AreaFeed(area, socketLink(socket));
  const control = { dropNext: false };
  socket.on('area:snapshot', (s) => feed.snapshot(s));
  socket.on('area:delta', (d) => {
    if (control.dropNext) {
      control.dropNext = false;
      return;
    }
    feed.delta(d);
  });
  socket.on('connect', () => feed.reconnected());
  return { feed, control };
}

describe('AreaFeed against the real server', () => {
  let server: TestServer;
  const sockets: Client[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server.close();
  });

  it('resynchronises by itself after a missed delta and ends equal to the server', async () => {
    const socket: Client = connect(server.url, { auth: { token: server.api.token }, transports: ['websocket'] });
    sockets.push(socket);
    const { feed, control } = wire(socket, '410105');
    await until(() => feed.current !== null);
    control.dropNext = true;
    await server.api.post(`/api/cases`, validCase());
    await until(() => !control.dropNext, 10_000, 'the delta to drop');
    await server.api.post(`/api/cases`, validCase());
    await until(() => feed.resyncs === 1 && feed.current!.aggregate.total === server.state.aggregate('410105').total);
    expect(feed.current!.aggregate).toEqual(server.state.aggregate('410105'));
  });

  it('subscribes again after a reconnect and catches up', async () => {
    const socket: Client = connect(server.url, { auth: { token: server.api.token }, transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 });
    sockets.push(socket);
    const { feed } = wire(socket, '410105');
    await until(() => feed.current !== null);
    socket.io.engine.close(); // the network drops; socket.io-client reconnects by itself
    await server.api.post(`/api/cases`, validCase());
    await until(() => feed.current!.aggregate.total === server.state.aggregate('410105').total);
    expect(feed.current!.latest.length).toBeLessThanOrEqual(100);
  });
});

import type { Socket as NetSocket } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import { followArea } from '../../../shared/src/live/socketFeed.js';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../../shared/src/live/events.js';
import { validCase } from '../testing/caseInputs.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The TCP socket under a socket.io-client websocket (Node's `ws`), to stop reading from it. */
function tcpOf(client: Client): NetSocket {
  const transport = client.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
  return transport.ws._socket;
}

describe('a client that stops reading', () => {
  let server: TestServer;
  const sockets: Client[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server.close();
  });

  it('never makes the server queue deltas for it, and catches up by itself afterwards', async () => {
    // The city, its 15 districts and all 208 streets: hundreds of deltas a second under load.
    const districts = Object.keys(server.state.aggregate('410100').children);
    const areas = ['410100', ...districts, ...districts.flatMap((d) => Object.keys(server.state.aggregate(d).children))];
    const grids = loadCity().model.nodesAt('grid');
    const spread = () => Array.from({ length: 200 }, (_, i) => {
      const g = grids[(i * 7919 + Math.floor(Math.random() * grids.length)) % grids.length]!;
      return validCase({ lon: g.centroid[0], lat: g.centroid[1] });
    });
    const slow: Client = connect(server.url, { auth: { token: server.api.token }, transports: ['websocket'] });
    const healthy: Client = connect(server.url, { auth: { token: server.api.token }, transports: ['websocket'] });
    sockets.push(slow, healthy);
    await new Promise<void>((r) => slow.on('connect', () => r()));
    const feeds = new Map(areas.map((area) => [area, followArea(slow, area).feed]));
    let healthyDeltas = 0;
    healthy.on('area:delta', () => healthyDeltas++);
    healthy.emit('area:subscribe', { v: PROTOCOL_VERSION, area: '410105' }, () => {});
    await new Promise((r) => setTimeout(r, 1500)); // snapshots in
    expect([...feeds.values()].every((f) => f.current !== null)).toBe(true);

    tcpOf(slow).pause(); // the wall's network stalls: nothing more is read
    const serverSide = [...server.io.sockets.sockets.values()].find((s) => s.data.areas.length === areas.length)!;
    let maxQueued = 0;
    const sampler = setInterval(() => (maxQueued = Math.max(maxQueued, (serverSide.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length)), 20);
    // Six seconds of steady load: 24 ticks, each with a delta for every one of its areas.
    for (let i = 0; i < 24; i++) {
      await server.api.post(`/api/cases`, spread());
      await new Promise((r) => setTimeout(r, 250));
    }
    clearInterval(sampler);
    expect(healthyDeltas).toBeGreaterThan(15); // others are served meanwhile
    expect(maxQueued).toBeLessThanOrEqual(2); // nothing piles up in the server for the stalled client

    tcpOf(slow).resume();
    await server.api.post(`/api/cases`, [validCase()]);
    const end = Date.now() + 20_000; // up to a heartbeat (5 s) for areas that went quiet
    const caughtUp = () => [...feeds.values()].every((f) => f.current!.aggregate.total === server.state.aggregate(f.area).total);
    while (!caughtUp() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(caughtUp()).toBe(true);
    expect([...feeds.values()].some((f) => f.resyncs > 0)).toBe(true); // it noticed the gap itself
  }, 60_000);
});

import type { Socket as NetSocket } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import { followArea } from '../../../shared/src/live/socketFeed.js';
import { HEARTBEAT_MS, PROTOCOL_VERSION, TICK_MS, type ClientToServerEvents, type ServerToClientEvents } from '../../../shared/src/live/events.js';
import { validCase } from '../testing/caseInputs.js';
import { ManualScheduler } from '../testing/manualScheduler.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The TCP socket under a socket.io-client websocket (Node's `ws`), to stop reading from it. */
function tcpOf(client: Client): NetSocket {
  const transport = client.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
  return transport.ws._socket;
}

describe('a client that stops reading', () => {
  let server: TestServer;
  const sockets: Client[] = [];
  // Ticks and heartbeats by hand: each of the 24 ticks below sends a delta for every area.
  const scheduler = new ManualScheduler();
  beforeAll(async () => {
    server = await startTestServer({ scheduler });
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
    await until(() => [...feeds.values()].every((f) => f.current !== null), 30_000, 'every snapshot');

    tcpOf(slow).pause(); // the wall's network stalls: nothing more is read
    const serverSide = [...server.io.sockets.sockets.values()].find((s) => s.data.areas.length === areas.length)!;
    const queued = () => (serverSide.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
    let maxQueued = 0;
    let ticksWhileWriting = 0;
    // Ticks of steady load, each with a delta for every one of its areas (金水区, the healthy
    // client's, is touched every time), until the stalled connection's buffers are full and it has
    // been passed by on 5 ticks: 24 ticks at least (six seconds in production), 400 at most.
    let ticks = 0;
    while (ticks < 24 || (ticksWhileWriting < 5 && ticks < 400)) {
      await server.api.post(`/api/cases`, [validCase(), ...spread()]);
      if (!serverSide.conn.transport.writable) ticksWhileWriting++;
      scheduler.fire(TICK_MS);
      ticks++;
      maxQueued = Math.max(maxQueued, queued());
      await until(() => healthyDeltas >= ticks, 10_000, `the healthy client's delta ${ticks}`); // others are served meanwhile
      maxQueued = Math.max(maxQueued, queued());
    }
    expect(healthyDeltas).toBe(ticks);
    expect(ticksWhileWriting).toBeGreaterThanOrEqual(5);
    // Nothing piles up in the server for the stalled client: at most one tick's deltas (one per area
    // it follows) wait for it, and once its connection stops draining, ticks pass it by.
    expect(maxQueued).toBeLessThanOrEqual(areas.length);

    tcpOf(slow).resume();
    await server.api.post(`/api/cases`, [validCase()]);
    scheduler.fire(TICK_MS);
    // Heartbeats (each tells the seq of every area the client follows) until it has caught up. Not
    // in the same turn as a tick: a heartbeat is volatile, and skipped while the tick's deltas are
    // still being written to the socket.
    const caughtUp = () => [...feeds.values()].every((f) => f.current!.aggregate.total === server.state.aggregate(f.area).total);
    await until(() => (scheduler.fire(HEARTBEAT_MS), caughtUp()), 30_000, 'the stalled client to catch up');
    expect([...feeds.values()].some((f) => f.resyncs > 0)).toBe(true); // it noticed the gap itself
  }, 60_000);
});

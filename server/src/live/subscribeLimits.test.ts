import type { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import { MAX_AREAS_PER_CONNECTION, PROTOCOL_VERSION, REQUEST_BURST, REQUESTS_PER_SECOND, TICK_MS, type SubscribeReply } from '../../../shared/src/live/events.js';
import { followArea, type Refusal } from '../../../shared/src/live/socketFeed.js';
import { validCase } from '../testing/caseInputs.js';
import { recordingClient, type LiveSocket, type RecordingClient } from '../testing/liveClient.js';
import { ManualScheduler } from '../testing/manualScheduler.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';

/** The TCP socket under a socket.io-client websocket (Node's `ws`), to stop reading from it. */
function tcpOf(client: LiveSocket): NetSocket {
  return (client.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
}

/** Emits `n` requests at once without waiting for any answer; resolves with every answer. */
function flood(c: RecordingClient, event: 'area:resync' | 'area:subscribe', areas: readonly string[], n: number): Promise<SubscribeReply[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => new Promise<SubscribeReply>((resolve) => c.socket.emit(event, { v: PROTOCOL_VERSION, area: areas[i % areas.length]! }, resolve))));
}

describe('one socket cannot make the server work or queue for it without bound', () => {
  let server: TestServer;
  // Ticks by hand: nothing changes an area's snapshot between two of them unless the test says so.
  const scheduler = new ManualScheduler();
  const clients: RecordingClient[] = [];
  const open = () => {
    const c = recordingClient(server.url, server.api.token);
    clients.push(c);
    return c;
  };
  const grids = loadCity().model.nodesAt('grid');

  beforeAll(async () => {
    server = await startTestServer({ scheduler });
    // 5,000 cases over the whole city: a city snapshot carries thousands of cells (~200 kB).
    for (let b = 0; b < 5; b++) {
      const batch = Array.from({ length: 1000 }, (_, i) => {
        const g = grids[(b * 1000 + i) * 7 % grids.length]!;
        return validCase({ lon: g.centroid[0], lat: g.centroid[1] });
      });
      expect((await server.api.post('/api/cases', batch)).status).toBe(201);
    }
  });
  afterAll(async () => {
    clients.forEach((c) => c.socket.disconnect());
    await server.close();
  });

  it('answers rate_limited over the connection\'s rate, and closes a connection that goes on asking', async () => {
    const c = open();
    expect(await c.subscribe('410105')).toMatchObject({ ok: true });
    const started = Date.now();
    const replies: SubscribeReply[] = [];
    for (let i = 0; i < 1000; i++) c.socket.emit('area:resync', { v: PROTOCOL_VERSION, area: '410105' }, (r) => replies.push(r));
    expect(await until(() => c.closed[0], 10_000, 'live:closed')).toMatchObject({ code: 'rate_limited', message: expect.stringContaining(`over ${REQUEST_BURST} requests`) });
    await until(() => !c.socket.connected, 10_000, 'the disconnect');
    const seconds = (Date.now() - started) / 1000;
    const ok = replies.filter((r) => r.ok).length;
    const limited = replies.filter((r): r is Extract<SubscribeReply, { code: 'rate_limited' }> => !r.ok && r.code === 'rate_limited');
    // The subscription took one token: the rest of the burst, then the refill while it lasted.
    expect(ok).toBeLessThanOrEqual(REQUEST_BURST - 1 + Math.ceil(REQUESTS_PER_SECOND * seconds));
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.length).toBeLessThanOrEqual(REQUEST_BURST + Math.ceil(REQUESTS_PER_SECOND * seconds));
    expect(limited.every((r) => r.retryAfterMs > 0 && r.retryAfterMs <= 1000 && /rate limit/.test(r.message))).toBe(true);
    // The rest was read and dropped, not answered; a snapshot per answered request at most (coalesced: far fewer).
    expect(ok + limited.length).toBeLessThan(1000);
    expect(c.snapshots.length).toBeLessThanOrEqual(ok + 1);
  });

  it('reads and drops what a closed flooder goes on sending, so its close resets nothing: a client that reads late still gets its answers and the notice', async () => {
    const c = open();
    expect(await c.subscribe('410105')).toMatchObject({ ok: true });
    const serverSide = [...server.io.sockets.sockets.values()].find((s) => s.id === c.socket.id)!;
    const serverTcp = serverSide.request.socket;
    const clientTcp = tcpOf(c.socket);
    clientTcp.pause(); // the client reads nothing more until the server has closed it
    const replies: SubscribeReply[] = [];
    for (let i = 0; i < 1000; i++) c.socket.emit('area:resync', { v: PROTOCOL_VERSION, area: '410105' }, (r) => replies.push(r));
    await until(() => !serverSide.connected, 10_000, 'the server to close the flooding connection');
    // Input left unread when a TCP socket is closed turns the close into a reset, which throws away
    // what the client has not read yet: the server reads all of it (and drops it).
    await until(() => clientTcp.writableLength === 0 && serverTcp.bytesRead === clientTcp.bytesWritten, 10_000, 'the server to read all the client sent');
    clientTcp.resume();
    expect(await until(() => c.closed[0], 10_000, 'live:closed')).toMatchObject({ code: 'rate_limited' });
    expect(replies.filter((r) => r.ok).length).toBeGreaterThan(0);
    expect(replies.some((r) => !r.ok && r.code === 'rate_limited')).toBe(true);
    await until(() => serverTcp.destroyed, 10_000, 'the closed connection to go once the client closed its side');
  });

  it('builds one snapshot per area until a delta changes it, shared by every request and socket', async () => {
    const [a, b] = [open(), open()];
    await Promise.all([a.subscribe('410103'), b.subscribe('410103')]);
    await until(() => a.snapshots.length >= 1 && b.snapshots.length >= 1, 10_000, 'the first snapshots');
    const queries = vi.spyOn(server.store, 'query');
    try {
      await Promise.all([flood(a, 'area:resync', ['410103'], 100), flood(b, 'area:resync', ['410103'], 100)]);
      await until(() => a.snapshots.length >= 2 && b.snapshots.length >= 2, 10_000, 'the resync snapshots');
      expect(queries).toHaveBeenCalledTimes(0); // nothing changed 二七区 since the subscriptions' snapshot

      // A case in 二七区 and a tick: the next delta changes the area, so the next snapshot is built anew, once.
      await server.api.post('/api/cases', validCase({ lon: 113.6395, lat: 34.7105 }));
      scheduler.fire(TICK_MS);
      await until(() => a.deltas.length >= 1, 10_000, 'the delta');
      const [sa, sb] = [a.snapshots.length, b.snapshots.length];
      await Promise.all([flood(a, 'area:resync', ['410103'], 50), flood(b, 'area:resync', ['410103'], 50)]);
      await until(() => a.snapshots.length > sa && b.snapshots.length > sb, 10_000, 'the fresh snapshots');
      expect(queries).toHaveBeenCalledTimes(1);
      expect(a.snapshots.at(-1)!.seq).toBe(a.deltas.at(-1)!.seq);
      expect(a.snapshots.at(-1)!.aggregate.total).toBe(server.state.aggregate('410103').total);
    } finally {
      queries.mockRestore();
    }
  });

  it('keeps at most one snapshot waiting for a client that asks faster than it reads', async () => {
    const c = open();
    expect(await c.subscribe('410100')).toMatchObject({ ok: true });
    await until(() => c.snapshots[0], 10_000, 'the snapshot');
    const id = c.socket.id!;
    const serverSide = server.io.of('/').sockets.get(id)!;
    const queue = (serverSide.conn as unknown as { writeBuffer: { data?: unknown }[] }).writeBuffer;
    const queuedSnapshots = () => queue.filter((p) => typeof p.data === 'string' && p.data.includes('"area:snapshot"')).length;

    tcpOf(c.socket).pause(); // it reads nothing more, and asks on
    let maxQueued = 0;
    const sampler = setInterval(() => (maxQueued = Math.max(maxQueued, queuedSnapshots())), 5);
    const asked = Array.from({ length: 10 }, () => new Promise<SubscribeReply>((resolve) => c.socket.emit('area:resync', { v: PROTOCOL_VERSION, area: '410100' }, resolve)));
    // Hundreds of requests sent without reading an answer (the burst, and some over it).
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 100; j++) c.socket.emit('area:resync', { v: PROTOCOL_VERSION, area: '410100' }, () => {});
      await new Promise((r) => setTimeout(r, 10));
      maxQueued = Math.max(maxQueued, queuedSnapshots());
    }
    await new Promise((r) => setTimeout(r, 200)); // let the server take in what was sent
    clearInterval(sampler);
    maxQueued = Math.max(maxQueued, queuedSnapshots());
    expect(maxQueued).toBeLessThanOrEqual(1);

    tcpOf(c.socket).resume();
    await Promise.all(asked);
    const got = c.snapshots.length;
    // It catches up: the snapshot it gets last is the area as it is now.
    await until(() => c.snapshots.length >= got && c.snapshots.at(-1)!.aggregate.total === server.state.aggregate('410100').total, 10_000, 'a current snapshot');
    expect(c.socket.connected).toBe(true);
  });

  it('follows at most MAX_AREAS_PER_CONNECTION areas on one connection', async () => {
    const c = open();
    const model = loadCity().model;
    const areas = [...model.nodesAt('district'), ...model.nodesAt('street'), ...model.nodesAt('community')].map((n) => n.code);
    const replies = await flood(c, 'area:subscribe', areas.slice(0, MAX_AREAS_PER_CONNECTION), MAX_AREAS_PER_CONNECTION);
    expect(replies.every((r) => r.ok)).toBe(true);
    // One more (once a token is back): refused by name, the others kept.
    let extra = await c.subscribe(areas[MAX_AREAS_PER_CONNECTION]!);
    for (let i = 0; i < 50 && !extra.ok && extra.code === 'rate_limited'; i++) {
      await new Promise((r) => setTimeout(r, extra.ok ? 0 : (extra as { retryAfterMs: number }).retryAfterMs));
      extra = await c.subscribe(areas[MAX_AREAS_PER_CONNECTION]!);
    }
    expect(extra).toMatchObject({ ok: false, code: 'bad_request', message: expect.stringContaining(String(MAX_AREAS_PER_CONNECTION)) });
    expect(server.io.of('/').sockets.get(c.socket.id!)!.data.areas).toHaveLength(MAX_AREAS_PER_CONNECTION);
  });

  it('lets a client (followArea) back off when rate limited and get its snapshot without a refusal', async () => {
    const c = open();
    expect(await c.subscribe('410102')).toMatchObject({ ok: true });
    const replies = await flood(c, 'area:resync', ['410102'], REQUEST_BURST + 50);
    expect(replies.some((r) => !r.ok && r.code === 'rate_limited')).toBe(true);
    const refusals: Refusal[] = [];
    const { feed } = followArea(c.socket, '410104', () => {}, (r) => refusals.push(r));
    await until(() => feed.current, 10_000, 'the snapshot after backing off');
    expect(refusals).toEqual([]);
  });
});

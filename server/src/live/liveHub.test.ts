import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, TICK_MS, type AreaDelta, type AreaSnapshot, type ClientToServerEvents, type ServerToClientEvents, type SubscribeReply } from '../../../shared/src/live/events.js';
import { validCase } from '../testing/caseInputs.js';
import { ManualScheduler } from '../testing/manualScheduler.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A test client that records what it receives. */
function client(url: string, token: string) {
  const socket: Client = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  const snapshots: AreaSnapshot[] = [];
  const deltas: AreaDelta[] = [];
  socket.on('area:snapshot', (s) => snapshots.push(s));
  socket.on('area:delta', (d) => deltas.push(d));
  const subscribe = (area: string, v: number = PROTOCOL_VERSION) =>
    new Promise<SubscribeReply>((resolve) => socket.emit('area:subscribe', { v: v as typeof PROTOCOL_VERSION, area }, resolve));
  /**
   * One round trip on this socket: whatever the server emitted to it before answering has arrived
   * once this resolves (a connection delivers in order), so "nothing came" can be checked without waiting.
   */
  const barrier = () => new Promise<SubscribeReply>((resolve) => socket.emit('area:unsubscribe', { v: PROTOCOL_VERSION, area: NEVER_FOLLOWED }, resolve));
  return { socket, snapshots, deltas, subscribe, barrier };
}

const JINSHUI = { lon: 113.6713, lat: 34.7835 }; // 410105
const ERQI = { lon: 113.6395, lat: 34.7105 }; // 410103
/** 中牟县: no test follows it, so leaving it changes nothing (the barrier's round trip). */
const NEVER_FOLLOWED = '410122';

/**
 * The hub runs on a manual scheduler: each test says when a tick (250 ms in production) happens,
 * so what one delta carries is exact, whatever the load on the machine.
 */
describe('live stream (real Socket.IO clients on port 0, ticks by hand)', () => {
  let server: TestServer;
  const scheduler = new ManualScheduler();
  const tick = () => expect(scheduler.fire(TICK_MS)).toBeGreaterThan(0);
  const clients: ReturnType<typeof client>[] = [];
  const open = () => {
    const c = client(server.url, server.api.token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer({ scheduler });
  });
  afterAll(async () => {
    clients.forEach((c) => c.socket.disconnect());
    await server.close();
  });

  it('sends a snapshot, then, at the next tick, a delta with the new case after an ingest over REST', async () => {
    const c = open();
    expect(await c.subscribe('410105')).toEqual({ ok: true, area: '410105' });
    const snapshot = await until(() => c.snapshots[0]);
    expect(snapshot).toMatchObject({ v: PROTOCOL_VERSION, area: '410105' });
    expect(Object.keys(snapshot.aggregate.children)).toHaveLength(24);
    const posted = await server.api.post(`/api/cases`, validCase(JINSHUI));
    tick();
    const delta = await until(() => c.deltas.find((d) => d.newCases.some((n) => n.id === posted.body.id)));
    expect(delta.seq).toBe(snapshot.seq + 1);
    expect(delta.aggregate.total).toBe(snapshot.aggregate.total + 1);
    expect(delta.aggregate.byStatus.reported).toBe((snapshot.aggregate.byStatus.reported ?? 0) + 1);
    expect(Object.keys(delta.cells)).toContain(posted.body.case.area.grid);
    expect(JSON.stringify(delta)).not.toContain('13800000000');
  });

  it('sends nothing when nothing changed', async () => {
    const c = open();
    await c.subscribe('410105');
    await until(() => c.snapshots[0]);
    tick(); // drains whatever earlier tests left
    await c.barrier();
    const before = c.deltas.length;
    tick();
    tick();
    await c.barrier();
    expect(c.deltas.length).toBe(before);
  });

  it('gives each client only the areas it subscribed to', async () => {
    const jinshui = open();
    const erqi = open();
    await jinshui.subscribe('410105');
    await erqi.subscribe('410103');
    await until(() => jinshui.snapshots[0] && erqi.snapshots[0]);
    const posted = await server.api.post(`/api/cases`, validCase(ERQI));
    tick();
    tick();
    await until(() => erqi.deltas.find((d) => d.newCases.some((n) => n.id === posted.body.id)));
    await jinshui.barrier();
    expect(jinshui.deltas.some((d) => d.newCases.some((n) => n.id === posted.body.id))).toBe(false);
    expect(jinshui.deltas.every((d) => d.area === '410105')).toBe(true);
  });

  it('sends a client that follows several areas the delta of each in the same tick', async () => {
    const c = open();
    const areas = ['410100', '410105', '410103'];
    for (const area of areas) await c.subscribe(area);
    await until(() => c.snapshots.length === areas.length);
    tick();
    await c.barrier();
    const before = c.deltas.length;
    await server.api.post(`/api/cases`, [validCase(JINSHUI), validCase(ERQI)]);
    tick();
    await until(() => c.deltas.length > before);
    await c.barrier();
    // One message per area: none is lost because the connection was still writing the first.
    expect(c.deltas.slice(before).map((d) => d.area).sort()).toEqual([...areas].sort());
  });

  it('batches a burst into one delta per tick, bounded in size', async () => {
    const c = open();
    await c.subscribe('410105');
    await until(() => c.snapshots[0]);
    tick();
    await c.barrier();
    const before = c.deltas.length;
    const burst = Array.from({ length: 1000 }, () => validCase(JINSHUI));
    await Promise.all([server.api.post(`/api/cases`, burst), server.api.post(`/api/cases`, burst)]);
    tick();
    await until(() => c.deltas.length > before);
    await c.barrier();
    const got = c.deltas.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.newCases).toHaveLength(50);
    expect(got[0]!.newCases.length + got[0]!.newCasesOmitted).toBe(2000);
  });

  it('counts the state changes a delta leaves out past its bound', async () => {
    const burst = Array.from({ length: 60 }, () => validCase(JINSHUI));
    const posted = await server.api.post(`/api/cases`, burst);
    const ids = (posted.body.results as { id?: string }[]).map((r) => r.id).filter((id): id is string => typeof id === 'string');
    expect(ids).toHaveLength(60);
    const c = open();
    await c.subscribe('410105');
    await until(() => c.snapshots[0]);
    tick();
    await c.barrier();
    const before = c.deltas.length;
    for (const id of ids) expect((await server.api.post(`/api/cases/${id}/actions`, { type: 'reject', reason: '重复' })).status).toBe(201);
    tick();
    await until(() => c.deltas.length > before);
    await c.barrier();
    const got = c.deltas.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.changedCases).toHaveLength(50);
    expect(got[0]!.changedCasesOmitted).toBe(10);
  });

  it('recovers a consistent state after a drop and reconnect', async () => {
    const c = open();
    await c.subscribe('410103');
    await until(() => c.snapshots[0]);
    c.socket.disconnect();
    for (let i = 0; i < 5; i++) await server.api.post(`/api/cases`, validCase(ERQI));
    tick(); // a snapshot is shared until its area's next delta: the tick after the ingest renews it
    const again = open();
    await again.subscribe('410103');
    const snapshot = await until(() => again.snapshots[0]);
    const count = (await server.store.query({ area: { level: 'district', code: '410103' }, limit: 1 })).total;
    expect(snapshot.aggregate.total).toBe(count);
    expect(snapshot.latest.length).toBe(Math.min(50, count));
  });

  it('answers a resync request with a fresh snapshot', async () => {
    const c = open();
    await c.subscribe('410105');
    await until(() => c.snapshots[0]);
    const reply = await new Promise<SubscribeReply>((resolve) => c.socket.emit('area:resync', { v: PROTOCOL_VERSION, area: '410105' }, resolve));
    expect(reply.ok).toBe(true);
    await until(() => c.snapshots.length === 2);
  });

  it('refuses bad subscriptions by name, never widening them', async () => {
    const c = open();
    expect(await c.subscribe('410199')).toMatchObject({ ok: false, code: 'not_found' });
    expect(await c.subscribe('41')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await c.subscribe('410105', 99)).toMatchObject({ ok: false, code: 'version' });
    await c.barrier();
    expect(c.snapshots).toHaveLength(0);
  });
});

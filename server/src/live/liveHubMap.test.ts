import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateCode, urgencyCode } from '../../../shared/src/columnar/caseColumns.js';
import type { CaseInput } from '../../../shared/src/cases/caseModel.js';
import { PROTOCOL_VERSION, TICK_MS, type AreaDelta, type AreaSnapshot, type ClientToServerEvents, type ServerToClientEvents, type SubscribeReply } from '../../../shared/src/live/events.js';
import { MAX_MAP_CHANGES_PER_DELTA } from '../../../shared/src/live/mapDelta.js';
import { validCase } from '../testing/caseInputs.js';
import { ManualScheduler } from '../testing/manualScheduler.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const JINSHUI = { lon: 113.6713, lat: 34.7835 }; // 410105
const ERQI = { lon: 113.6395, lat: 34.7105 }; // 410103
/** 中牟县: no test follows it, so leaving it changes nothing (the barrier's round trip). */
const NEVER_FOLLOWED = '410122';

function client(url: string, token: string) {
  const socket: Client = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  const snapshots: AreaSnapshot[] = [];
  const deltas: AreaDelta[] = [];
  socket.on('area:snapshot', (s) => snapshots.push(s));
  socket.on('area:delta', (d) => deltas.push(d));
  const subscribe = (area: string, map?: boolean) =>
    new Promise<SubscribeReply>((resolve) => socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area, ...(map === undefined ? {} : { map }) }, resolve));
  const unsubscribe = (area: string) => new Promise<SubscribeReply>((resolve) => socket.emit('area:unsubscribe', { v: PROTOCOL_VERSION, area }, resolve));
  const map = (area: string, on: boolean) => new Promise<SubscribeReply>((resolve) => socket.emit('area:map', { v: PROTOCOL_VERSION, area, map: on }, resolve));
  /** One round trip: whatever the server emitted to this socket before answering has arrived. */
  const barrier = () => unsubscribe(NEVER_FOLLOWED);
  return { socket, snapshots, deltas, subscribe, unsubscribe, map, barrier };
}

/** Posts cases in batches of 1,000 (the API's batch size) and returns their ids. */
async function post(server: TestServer, cases: CaseInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < cases.length; i += 1000) {
    const posted = await server.api.post('/api/cases', cases.slice(i, i + 1000));
    expect(posted.status).toBe(201);
    for (const r of posted.body.results as { id?: string }[]) if (typeof r.id === 'string') ids.push(r.id);
  }
  expect(ids).toHaveLength(cases.length);
  return ids;
}

/** The store's seqs of these cases (the map section names cases by seq), ascending. */
async function seqsOf(server: TestServer, ids: string[]): Promise<number[]> {
  const rows = await server.store.sql.all<{ seq: number }>(`SELECT seq FROM cases WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  expect(rows).toHaveLength(ids.length);
  return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
}

const ascending = (seqs: readonly number[]): number[] => [...seqs].sort((a, b) => a - b);

/**
 * The map section of area deltas (`map: true` on area:subscribe): every open case a tick adds and
 * every state change, as columns, scoped like the rest of the delta, bounded and counted.
 */
describe('live stream: the map section (real Socket.IO clients on port 0, ticks by hand)', () => {
  let server: TestServer;
  const scheduler = new ManualScheduler();
  const tick = () => expect(scheduler.fire(TICK_MS)).toBeGreaterThan(0);
  const clients: ReturnType<typeof client>[] = [];
  const open = () => {
    const c = client(server.url, server.api.token);
    clients.push(c);
    return c;
  };
  /** Subscribes, waits for the snapshot, and lets a tick drain what earlier tests left. */
  const follow = async (area: string, map?: boolean) => {
    const c = open();
    expect(await c.subscribe(area, map)).toEqual({ ok: true, area });
    await until(() => c.snapshots[0]);
    tick();
    await c.barrier();
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer({ scheduler });
  });
  afterAll(async () => {
    clients.forEach((c) => c.socket.disconnect());
    await server.close();
  });

  it('carries all 300 new cases and all 300 state changes of a tick to a subscriber that asked, scoped to its area', async () => {
    const mapped = await follow('410105', true);
    const plain = await follow('410105');
    const elsewhere = await follow('410103', true);
    const before = { mapped: mapped.deltas.length, plain: plain.deltas.length, elsewhere: elsewhere.deltas.length };
    const fresh = await post(server, Array.from({ length: 300 }, (_, i) => validCase({ ...JINSHUI, urgency: i % 2 ? 'major' : 'normal' })));
    const foreign = await post(server, Array.from({ length: 40 }, () => validCase(ERQI)));
    tick();
    await until(() => mapped.deltas.length > before.mapped && plain.deltas.length > before.plain && elsewhere.deltas.length > before.elsewhere);
    await Promise.all([mapped.barrier(), plain.barrier(), elsewhere.barrier()]);
    const [delta] = mapped.deltas.slice(before.mapped);
    expect(mapped.deltas.slice(before.mapped)).toHaveLength(1);
    const map = delta!.map!;
    expect(map.omitted).toBe(0);
    const freshSeqs = await seqsOf(server, fresh);
    expect(ascending(map.added.seqs)).toEqual(freshSeqs);
    for (const column of [map.added.lon, map.added.lat, map.added.urgency, map.added.state, map.added.category, map.added.reported]) expect(column).toHaveLength(300);
    expect(new Set(map.added.state)).toEqual(new Set([stateCode('reported')]));
    expect(new Set(map.added.urgency)).toEqual(new Set([urgencyCode('normal'), urgencyCode('major')]));
    const stored = (await server.store.get(fresh[0]!))!;
    const k = map.added.seqs.indexOf((await seqsOf(server, [stored.id]))[0]!);
    expect([map.added.lon[k], map.added.lat[k], map.added.reported[k]]).toEqual([stored.lon, stored.lat, Date.parse(stored.times.reported!)]);
    expect(map.states.seqs).toEqual([]);
    // The bounded lists are what they were; the map section only rides along.
    expect(delta!.newCases).toHaveLength(50);
    expect(delta!.newCasesOmitted).toBe(250);
    // A subscriber without the flag gets the same delta without the section; another district's gets none of these cases.
    const plainDelta = plain.deltas.slice(before.plain);
    expect(plainDelta).toHaveLength(1);
    expect(plainDelta[0]!.map).toBeUndefined();
    expect(plainDelta[0]).toEqual({ ...delta!, map: undefined });
    const other = elsewhere.deltas.slice(before.elsewhere);
    expect(other).toHaveLength(1);
    expect(ascending(other[0]!.map!.added.seqs)).toEqual(await seqsOf(server, foreign));

    // 300 state changes in one store transaction (the simulator's path), then one tick.
    const cases = await Promise.all(fresh.map(async (id) => (await server.store.get(id))!));
    const outcomes = await server.loop.applyAll(cases.map((c) => ({ case: c, request: { type: 'reject', reason: '重复' }, actor: { id: 'test', role: 'commander' }, actorScope: server.model.cityCode })));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const after = { mapped: mapped.deltas.length, plain: plain.deltas.length };
    tick();
    await until(() => mapped.deltas.length > after.mapped && plain.deltas.length > after.plain);
    await Promise.all([mapped.barrier(), elsewhere.barrier()]);
    const changed = mapped.deltas.slice(after.mapped);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.map).toMatchObject({ added: { seqs: [] }, omitted: 0 });
    expect(ascending(changed[0]!.map!.states.seqs)).toEqual(freshSeqs);
    expect(new Set(changed[0]!.map!.states.state)).toEqual(new Set([stateCode('rejected')]));
    expect(changed[0]!.changedCasesOmitted).toBe(250);
    expect(plain.deltas.slice(after.plain).every((d) => d.map === undefined)).toBe(true);
    // 二七区's subscriber hears none of 金水区's changes.
    expect(elsewhere.deltas.some((d) => d.map?.states.seqs.some((seq) => freshSeqs.includes(seq)))).toBe(false);
  });

  it('gives the city every district’s cases, and a case reported and closed in one tick comes in both lists', async () => {
    const city = await follow('410100', true);
    const before = city.deltas.length;
    const [a] = await post(server, [validCase(JINSHUI)]);
    const [b] = await post(server, [validCase(ERQI)]);
    const found = (await server.store.get(b!))!;
    expect((await server.loop.applyAll([{ case: found, request: { type: 'reject', reason: '重复' }, actor: { id: 'test', role: 'commander' }, actorScope: server.model.cityCode }]))[0]!.ok).toBe(true);
    tick();
    await until(() => city.deltas.length > before);
    const map = city.deltas[before]!.map!;
    expect(ascending(map.added.seqs)).toEqual(await seqsOf(server, [a!, b!]));
    expect(map.states).toEqual({ seqs: await seqsOf(server, [b!]), state: [stateCode('rejected')] });
  });

  it('counts what a tick holds past the bound', async () => {
    const c = await follow('410105', true);
    const before = c.deltas.length;
    const extra = 150;
    await post(server, Array.from({ length: MAX_MAP_CHANGES_PER_DELTA + extra }, () => validCase(JINSHUI)));
    tick();
    await until(() => c.deltas.length > before);
    const map = c.deltas[before]!.map!;
    expect(map.added.seqs).toHaveLength(MAX_MAP_CHANGES_PER_DELTA);
    expect(map.added.reported).toHaveLength(MAX_MAP_CHANGES_PER_DELTA);
    expect(map.omitted).toBe(extra);
  });

  it('turns the section on and off for an area already followed (area:map), without a new snapshot', async () => {
    const c = await follow('410105');
    const posted = async () => {
      const before = c.deltas.length;
      const [id] = await post(server, [validCase(JINSHUI)]);
      tick();
      await until(() => c.deltas.length > before);
      await c.barrier();
      expect(c.deltas.slice(before)).toHaveLength(1);
      return { delta: c.deltas[before]!, id: id! };
    };
    expect((await posted()).delta.map).toBeUndefined();
    expect(await c.map('410105', true)).toEqual({ ok: true, area: '410105' });
    const on = await posted();
    expect(on.delta.map!.added.seqs).toEqual(await seqsOf(server, [on.id]));
    // A plain subscription again (a reconnect's, a resync's) keeps it.
    expect(await c.subscribe('410105')).toEqual({ ok: true, area: '410105' });
    await until(() => c.snapshots.length === 2);
    expect((await posted()).delta.map).toBeDefined();
    expect(await c.map('410105', false)).toEqual({ ok: true, area: '410105' });
    const off = await posted();
    expect(off.delta.map).toBeUndefined();
    expect(off.delta.newCases.map((n) => n.id)).toEqual([off.id]);
    expect(c.snapshots).toHaveLength(2);
    // Unsubscribed, then followed again without the flag: no section.
    await c.map('410105', true);
    await c.unsubscribe('410105');
    await c.subscribe('410105');
    await until(() => c.snapshots.length === 3);
    expect((await posted()).delta.map).toBeUndefined();
    // Only for an area followed, and only within the account's area like every request.
    expect(await c.map('410103', true)).toMatchObject({ ok: false, code: 'bad_request', message: 'not subscribed to 410103: subscribe first' });
    const district = await server.as('commander', '410105');
    const narrow = client(server.url, district.token);
    clients.push(narrow);
    expect(await narrow.map('410103', true)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('refuses a map flag that is not true or false by name', async () => {
    const c = open();
    const reply = await new Promise<SubscribeReply>((resolve) => c.socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area: '410105', map: 'yes' as unknown as boolean }, resolve));
    expect(reply).toMatchObject({ ok: false, code: 'bad_request', message: 'map: map must be true or false' });
    expect(await new Promise<SubscribeReply>((resolve) => c.socket.emit('area:map', { v: PROTOCOL_VERSION, area: '410105' } as never, resolve))).toMatchObject({ ok: false, code: 'bad_request', message: 'map: map must be true or false' });
    await c.barrier();
    expect(c.snapshots).toHaveLength(0);
  });
});

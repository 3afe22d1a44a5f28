import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSED_STATE_CODES, STATE_CODES, decodeCaseColumns, positionTolerance, type CaseColumns } from '../../../shared/src/columnar/caseColumns.js';
import { stateAt } from '../../../shared/src/columnar/replayState.js';
import { OPEN_STATUSES } from '../../../shared/src/cases/caseModel.js';
import { validCase } from '../testing/caseInputs.js';
import type { ApiClient, Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { dropSchema } from '../testing/pgSchema.js';

const JINSHUI = '410105';
const ERQI = '410103';
// A fixed clock: the simulator fills 05:00–12:00 of this day (Beijing time) before the server answers.
const NOW = Date.parse('2026-11-23T12:00:00+08:00');
const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);

/** GET of a case-columns endpoint as an account: the status, the headers, the decoded buffer when 200, else the JSON error. */
async function getColumns(server: TestServer, api: ApiClient, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; columns?: CaseColumns; error?: Json }> {
  const res = await fetch(`${server.url}${path}`, { headers: { ...api.headers, ...headers } });
  if (res.status !== 200) return { status: res.status, headers: res.headers, error: ((await res.json()) as Json).error };
  return { status: 200, headers: res.headers, columns: decodeCaseColumns(await res.arrayBuffer()) };
}

/** The case id of each point (the buffer names cases by the store's seq), through the store. */
async function idsOf(server: TestServer, c: CaseColumns): Promise<string[]> {
  const rows = await server.store.sql.all<{ id: string; seq: number | string }>('SELECT id, seq FROM cases');
  const bySeq = new Map(rows.map((r) => [Number(r.seq), r.id]));
  return Array.from(c.seq, (seq) => {
    const id = bySeq.get(seq);
    if (id === undefined) throw new Error(`no stored case has seq ${seq}`);
    return id;
  });
}

/** Every case of a GET /api/cases query, page by page. */
async function allCases(api: ApiClient, query: Record<string, string>): Promise<Json[]> {
  const out: Json[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '500', ...(cursor ? { cursor } : {}) });
    const page = await api.get(`/api/cases?${params.toString()}`);
    expect(page.status).toBe(200);
    out.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return out;
}

const url = process.env.DATABASE_URL;
if (!url) console.warn('SKIPPED: the map columns and replay on PostgreSQL — set DATABASE_URL=postgres://... to run them');

// The same answers from both stores: each reads its own way (SQLite's read thread, PostgreSQL's snapshot transaction).
describe.each([
  { store: 'SQLite', databaseUrl: undefined },
  { store: 'PostgreSQL', databaseUrl: url },
])('GET /api/map/cases and GET /api/replay ($store)', ({ store, databaseUrl }) => {
  let server: TestServer;
  let district: ApiClient;
  // A fresh schema per run, dropped afterwards.
  const schema = `map_columns_test_${randomBytes(6).toString('hex')}`;
  const skip = store === 'PostgreSQL' && !databaseUrl;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer({
      clock: { now: () => NOW },
      scheduler: { every: () => () => {} },
      simulator: { rate: 1, seed: 'map-columns', backfillHours: 7 },
      ...(databaseUrl ? { databaseUrl, databaseSchema: schema } : {}),
    });
    district = await server.as('analyst', JINSHUI);
  });
  afterAll(async () => {
    await server?.close();
    if (skip || !databaseUrl) return;
    await dropSchema(databaseUrl, schema);
  });

  it.skipIf(skip)("gives a district account exactly its district's open cases, never a point outside it", async () => {
    const { status, headers, columns } = await getColumns(server, district, '/api/map/cases');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/octet-stream');
    const c = columns!;
    expect(c.kind).toBe('cases');
    const open = await allCases(server.api, { area: JINSHUI, status: [...OPEN_STATUSES].join(',') });
    expect(open.length).toBeGreaterThan(100);
    expect(c.count).toBe(open.length);
    expect(c.total).toBe(open.length);
    const byId = new Map(open.map((x) => [x.id as string, x]));
    const tol = positionTolerance(c);
    const pointIds = await idsOf(server, c);
    for (let i = 0; i < c.count; i++) {
      const stored = byId.get(pointIds[i]!);
      expect(stored, pointIds[i]).toBeDefined();
      expect(stored.area.district).toBe(JINSHUI);
      expect(Math.abs(c.lonAt(i) - stored.lon)).toBeLessThanOrEqual(tol);
      expect(Math.abs(c.latAt(i) - stored.lat)).toBeLessThanOrEqual(tol);
      expect(STATE_CODES[c.state[i]!]).toBe(stored.status);
      expect(c.timeMs(c.reported[i]!)).toBe(Math.floor(Date.parse(stored.times.reported) / 1000) * 1000);
    }
    // The city's answer holds more: the district's is a cut, not everything.
    const city = (await getColumns(server, server.api, '/api/map/cases')).columns!;
    expect(city.total).toBeGreaterThan(c.total);
    const ids = new Set(pointIds);
    const outside = (await idsOf(server, city)).filter((id) => !byId.has(id));
    expect(outside.length).toBe(city.count - c.count);
    expect(outside.some((id) => ids.has(id))).toBe(false);
  });

  it.skipIf(skip)('refuses an area outside the account (403), a malformed one (400) and an unknown one (404), naming area', async () => {
    for (const path of ['/api/map/cases', `/api/replay?from=${new Date(at('08:00')).toISOString()}&to=${new Date(NOW).toISOString()}`]) {
      const join = path.includes('?') ? '&' : '?';
      expect((await getColumns(server, district, `${path}${join}area=${ERQI}`)).error).toMatchObject({ status: 403, field: 'area' });
      expect((await getColumns(server, district, `${path}${join}area=41x`)).error).toMatchObject({ status: 400, field: 'area' });
      expect((await getColumns(server, district, `${path}${join}area=${JINSHUI}999`)).error).toMatchObject({ status: 404, field: 'area' });
    }
  });

  it.skipIf(skip)('caps the points at limit and counts the rest in the header; refuses bad state and limit', async () => {
    const whole = (await getColumns(server, district, '/api/map/cases')).columns!;
    const five = (await getColumns(server, district, '/api/map/cases?limit=5')).columns!;
    expect(five).toMatchObject({ count: 5, total: whole.total });
    expect(Array.from(five.seq)).toEqual(Array.from(whole.seq.subarray(0, 5))); // newest first
    expect((await getColumns(server, district, '/api/map/cases?state=nope')).error).toMatchObject({ status: 400, field: 'state' });
    expect((await getColumns(server, district, '/api/map/cases?limit=0')).error).toMatchObject({ status: 400, field: 'limit' });
    expect((await getColumns(server, district, '/api/map/cases?limit=10000000')).error).toMatchObject({ status: 400, field: 'limit' });
    const closed = (await getColumns(server, district, '/api/map/cases?state=closed,rejected')).columns!;
    expect(closed.count).toBeGreaterThan(0);
    for (let i = 0; i < closed.count; i++) expect(CLOSED_STATE_CODES.has(closed.state[i]!)).toBe(true);
  });

  it.skipIf(skip)("with the desk list's filters holds exactly the list's cases over all its pages", async () => {
    const sample = (await allCases(server.api, { area: JINSHUI, period: 'today' }))[0]!;
    const states: Record<string, string>[] = [
      { area: JINSHUI, period: 'today' },
      { area: JINSHUI, status: 'reported,registered,dispatched', urgency: 'major,prominent,normal' },
      { area: JINSHUI, category: sample.category, from: new Date(at('06:00')).toISOString(), to: new Date(at('11:00')).toISOString() },
      { area: JINSHUI, subcategory: sample.subcategory, channel: sample.channel },
      { area: JINSHUI, kpi: 'dispatched', period: 'today' },
      { area: JINSHUI, party: 'reported' },
      // The city's list, asked by a city account: more than one district.
      { period: 'today', urgency: 'normal' },
    ];
    for (const query of states) {
      const list = await allCases(server.api, query);
      const { status, columns, error } = await getColumns(server, server.api, `/api/map/cases?${new URLSearchParams(query).toString()}`);
      expect(status, JSON.stringify({ query, error })).toBe(200);
      const c = columns!;
      expect(c.total, JSON.stringify(query)).toBe(list.length);
      expect(await idsOf(server, c)).toEqual(list.map((x) => x.id)); // the list's default order: newest first
    }
    // The filters chosen here are not empty, and not the whole district either.
    const all = (await getColumns(server, server.api, `/api/map/cases?area=${JINSHUI}&period=today`)).columns!;
    const narrow = (await getColumns(server, server.api, `/api/map/cases?area=${JINSHUI}&period=today&urgency=major`)).columns!;
    expect(narrow.count).toBeGreaterThan(0);
    expect(narrow.count).toBeLessThan(all.count);
    // Closed cases too: the list's set is every state unless status says otherwise.
    expect(Array.from(all.state).some((s) => CLOSED_STATE_CODES.has(s))).toBe(true);
  });

  it.skipIf(skip)("with the list's filters a district account gets its district's list and nothing outside it", async () => {
    const mine = (await getColumns(server, district, '/api/map/cases?period=today')).columns!;
    const list = await allCases(server.api, { area: JINSHUI, period: 'today' });
    expect(await idsOf(server, mine)).toEqual(list.map((x) => x.id));
    const city = (await getColumns(server, server.api, '/api/map/cases?period=today')).columns!;
    expect(city.total).toBeGreaterThan(mine.total);
    expect((await getColumns(server, district, `/api/map/cases?period=today&area=${ERQI}`)).error).toMatchObject({ status: 403, field: 'area' });
    expect((await getColumns(server, district, '/api/map/cases?kpi=closed&area=410100')).error).toMatchObject({ status: 403, field: 'area' });
  });

  it.skipIf(skip)("refuses every bad list filter with a 400 naming it", async () => {
    const bad: [string, string][] = [
      ['status=nope', 'status'],
      ['category=ZZ', 'category'],
      ['subcategory=ZZ01', 'subcategory'],
      ['urgency=urgent', 'urgency'],
      ['channel=pigeon', 'channel'],
      ['party=everyone', 'party'],
      ['period=week', 'period'],
      ['kpi=happiness', 'kpi'],
      ['from=yesterday', 'from'],
      ['to=soon', 'to'],
      [`from=${new Date(NOW).toISOString()}&to=${new Date(NOW - 1000).toISOString()}`, 'from'],
      [`period=today&from=${new Date(NOW - 1000).toISOString()}`, 'period'],
      ['state=open&period=today', 'state'],
      ['period=today&limit=0', 'limit'],
    ];
    for (const [query, field] of bad) expect((await getColumns(server, district, `/api/map/cases?${query}`)).error, query).toMatchObject({ status: 400, field });
    // A field the endpoint does not take is named in the message.
    expect((await getColumns(server, district, '/api/map/cases?period=today&sort=urgency')).error).toMatchObject({ status: 400, message: expect.stringMatching(/sort/) });
  });

  it.skipIf(skip)('gzips for a client that accepts it', async () => {
    const res = await fetch(`${server.url}/api/map/cases`, { headers: { ...district.headers, 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(decodeCaseColumns(await res.arrayBuffer()).count).toBeGreaterThan(0);
  });

  it.skipIf(skip)('leaves a case out once it is closed (rejected), at the next fetch', async () => {
    const before = (await getColumns(server, district, '/api/map/cases')).columns!;
    const i = Array.from(before.state).findIndex((s) => STATE_CODES[s] === 'reported');
    expect(i).toBeGreaterThanOrEqual(0);
    const id = (await idsOf(server, before))[i]!;
    expect((await server.api.post(`/api/cases/${id}/actions`, { type: 'reject', reason: '重复上报' })).status).toBe(201);
    const after = (await getColumns(server, district, '/api/map/cases')).columns!;
    expect(after.total).toBe(before.total - 1);
    expect(Array.from(after.seq)).not.toContain(before.seq[i]);
  });

  it.skipIf(skip)('replays a street: at 10:00 exactly the cases reported before 10:00 and open then, in their states', async () => {
    // The street of the district with the most cases.
    const cases = await allCases(server.api, { area: JINSHUI, to: new Date(at('10:00')).toISOString() });
    const counts = new Map<string, number>();
    for (const x of cases) counts.set(x.area.street, (counts.get(x.area.street) ?? 0) + 1);
    const street = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const from = at('08:00');
    const ten = at('10:00');
    const { columns } = await getColumns(server, district, `/api/replay?area=${street}&from=${new Date(from).toISOString()}&to=${new Date(NOW).toISOString()}`);
    const replay = columns!;
    expect(replay.kind).toBe('replay');
    expect(replay.eventCount).toBeGreaterThan(0);
    expect(replay.eventTotal).toBe(replay.eventCount);
    const moment = stateAt(replay, ten);
    const replayIds = await idsOf(server, replay);
    const got = new Map(moment.open.map((i) => [replayIds[i]!, STATE_CODES[moment.state[i]!]]));

    // The same from each case's timeline, through the case API.
    const expected = new Map<string, string>();
    for (const x of cases.filter((c) => c.area.street === street)) {
      const detail = (await server.api.get(`/api/cases/${x.id}`)).body;
      const last = (detail.timeline as Json[]).filter((e) => Date.parse(e.at) < ten).at(-1);
      if (last && !['closed', 'rejected'].includes(last.to)) expected.set(x.id, last.to);
    }
    expect(expected.size).toBeGreaterThan(3);
    expect(got).toEqual(expected);
    // Some of them were reported before the period: the replay carries the backlog too.
    expect(moment.open.some((i) => replay.timeMs(replay.reported[i]!) < from)).toBe(true);
  });

  it.skipIf(skip)('bounds the period and names the field', async () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const q = (s: string) => getColumns(server, district, `/api/replay?${s}`);
    expect((await q(`to=${iso(NOW)}`)).error).toMatchObject({ status: 400, field: 'from' });
    expect((await q(`from=${iso(NOW)}`)).error).toMatchObject({ status: 400, field: 'to' });
    expect((await q(`from=${iso(NOW)}&to=${iso(NOW - 1000)}`)).error).toMatchObject({ status: 400, field: 'from' });
    expect((await q(`from=${iso(NOW - 32 * 86_400_000)}&to=${iso(NOW)}`)).error).toMatchObject({ status: 400, field: 'to', message: expect.stringMatching(/31 days/) });
    expect((await q(`from=yesterday&to=${iso(NOW)}`)).error).toMatchObject({ status: 400, field: 'from' });
  });
});

describe('the points cap (MAP_MAX_POINTS)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ mapMaxPoints: 2 });
  });
  afterAll(async () => server?.close());

  it('holds at most the cap, counts the rest in the header, and refuses a larger limit naming it', async () => {
    for (let i = 0; i < 3; i++) expect((await server.api.post('/api/cases', validCase())).status).toBe(201);
    const { columns } = await getColumns(server, server.api, '/api/map/cases');
    expect(columns).toMatchObject({ count: 2, total: 3 });
    expect((await getColumns(server, server.api, '/api/map/cases?limit=3')).error).toMatchObject({ status: 400, field: 'limit', message: expect.stringMatching(/at most 2/) });
  });
});

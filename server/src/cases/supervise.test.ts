import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCase } from '../testing/caseInputs.js';
import type { ApiClient, Json } from '../testing/http.js';
import { recordingClient, type RecordingClient } from '../testing/liveClient.js';
import { ManualScheduler } from '../testing/manualScheduler.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';

const TICK_MS = 250;

/** 督办 over HTTP: a real server on port 0, its SQLite file, real accounts and a real socket. */
describe('POST /api/cases/:id/supervise (督办)', () => {
  let server: TestServer;
  const scheduler = new ManualScheduler();
  let area: { district: string; street: string; community: string; grid: string };
  let commander: ApiClient, otherCommander: ApiClient, analyst: ApiClient, worker: ApiClient, operator: ApiClient, auditor: ApiClient;
  let live: RecordingClient;

  beforeAll(async () => {
    server = await startTestServer({ scheduler });
    area = (await server.api.post('/api/cases', validCase())).body.case.area;
    const otherDistrict = area.district === '410103' ? '410105' : '410103';
    [commander, otherCommander, analyst, worker, operator, auditor] = await Promise.all([
      server.as('commander', area.district),
      server.as('commander', otherDistrict),
      server.as('analyst', area.district),
      server.as('grid_worker', area.grid),
      server.as('operator', area.street),
      server.as('auditor'),
    ]);
  });
  afterAll(async () => {
    live?.socket.disconnect();
    await server.close();
  });

  async function newCase(): Promise<Json> {
    const { status, body } = await server.api.post('/api/cases', validCase({ description: '井盖缺失，行人易跌落' }));
    expect(status).toBe(201);
    return body.case;
  }

  it('records the urging on the timeline as its own event, marks the case, and says who, when and the note', async () => {
    const c = await newCase();
    const res = await commander.post(`/api/cases/${c.id}/supervise`, { note: '今日务必处置到位', expectedVersion: c.version });
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ action: 'supervise', from: 'reported', to: 'reported', note: '今日务必处置到位', actor: { role: 'commander' } });
    const by: string = res.body.event.actor.id;
    expect(by).toMatch(/^test\.commander\./);

    const detail = (await commander.get(`/api/cases/${c.id}`)).body;
    expect(detail.status).toBe('reported'); // the loop does not move
    expect(detail.version).toBe(c.version + 1);
    expect(detail.supervised).toEqual({ count: 1, lastAt: res.body.event.at, by });
    expect(detail.timeline.map((e: Json) => e.action)).toEqual(['report', 'supervise']);
    expect(detail.timeline[1]).toMatchObject({ actor: { id: by, role: 'commander' }, note: '今日务必处置到位', at: res.body.event.at });

    // A second urging counts; without a note it is still recorded.
    const again = await commander.post(`/api/cases/${c.id}/supervise`, {});
    expect(again.status).toBe(201);
    expect(again.body.case.supervised).toMatchObject({ count: 2, by });
    expect(again.body.event.note).toBeNull();

    // The desk's list (GET /api/cases) carries the field.
    const list = (await commander.get(`/api/cases?area=${area.grid}&limit=50`)).body;
    expect(list.items.find((x: Json) => x.id === c.id).supervised).toMatchObject({ count: 2 });
    const plain = list.items.find((x: Json) => x.id !== c.id);
    expect(plain.supervised).toBeNull();
  });

  it('sends the mark to the wall in the next delta of the area', async () => {
    const c = await newCase();
    live = recordingClient(server.url, server.api.token);
    expect(await live.subscribe(area.district)).toMatchObject({ ok: true });
    await until(() => live.snapshots[0]);
    scheduler.fire(TICK_MS); // drains what came before
    const res = await commander.post(`/api/cases/${c.id}/supervise`, { note: '督办' });
    expect(res.status).toBe(201);
    scheduler.fire(TICK_MS);
    const changed = await until(() => live.deltas.flatMap((d) => d.changedCases).find((x) => x.id === c.id));
    expect(changed.supervised).toEqual({ count: 1, lastAt: res.body.event.at });
    expect(changed.status).toBe('reported');
  });

  it('answers 404 for a case outside the commander\'s area, as for one that does not exist, as reads do; nothing stored', async () => {
    const c = await newCase();
    const res = await otherCommander.post(`/api/cases/${c.id}/supervise`, { note: '越界督办' });
    expect(res.status).toBe(404);
    // An id that exists nowhere gets the same answer: existence elsewhere is not told.
    const none = await otherCommander.post(`/api/cases/${'0'.repeat(26)}/supervise`, { note: '越界督办' });
    expect(none.status).toBe(404);
    const scrub = (body: Json) => ({ ...body.error, message: body.error.message.replace(c.id, '<id>').replace('0'.repeat(26), '<id>') });
    expect(scrub(res.body)).toEqual(scrub(none.body));
    expect(res.body.error).toMatchObject({ status: 404, field: 'id' });
    // And as the read of the same case answers the same commander.
    const read = await otherCommander.get(`/api/cases/${c.id}`);
    expect(read.status).toBe(404);
    expect(scrub(read.body)).toEqual(scrub(res.body));
    const detail = (await server.api.get(`/api/cases/${c.id}`)).body;
    expect(detail.supervised).toBeNull();
    expect(detail.timeline).toHaveLength(1);
  });

  it('refuses the roles that do not command: analyst, grid worker, operator (and an auditor)', async () => {
    const c = await newCase();
    for (const who of [analyst, worker, operator, auditor]) {
      const res = await who.post(`/api/cases/${c.id}/supervise`, { note: 'x' });
      expect(res.status).toBe(403);
      expect(res.body.error.status).toBe(403);
    }
    expect((await server.api.get(`/api/cases/${c.id}`)).body).toMatchObject({ supervised: null, version: c.version });
  });

  it('names the bad field, refuses a closed case and a stale version', async () => {
    const c = await newCase();
    const long = await commander.post(`/api/cases/${c.id}/supervise`, { note: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe('note');
    const extra = await commander.post(`/api/cases/${c.id}/supervise`, { note: 'x', urgency: 'major' });
    expect(extra.status).toBe(400);
    const stale = await commander.post(`/api/cases/${c.id}/supervise`, { expectedVersion: c.version + 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.field).toBe('expectedVersion');
    const rejected = await operator.post(`/api/cases/${c.id}/actions`, { type: 'reject', reason: '重复上报' });
    expect(rejected.status).toBe(201);
    const closed = await commander.post(`/api/cases/${c.id}/supervise`, { note: '已不予立案' });
    expect(closed.status).toBe(409);
    expect(closed.body.error.field).toBe('status');
  });

  it('audits each urging (who, the case, its area) and each refusal', async () => {
    const c = await newCase();
    expect((await commander.post(`/api/cases/${c.id}/supervise`, { note: '请街道跟进' })).status).toBe(201);
    expect((await otherCommander.post(`/api/cases/${c.id}/supervise`, { note: 'x' })).status).toBe(404);
    expect((await analyst.post(`/api/cases/${c.id}/supervise`, { note: 'x' })).status).toBe(403);
    const log = (await auditor.get('/api/audit?action=case:supervise&limit=100')).body.entries as Json[];
    const mine = log.filter((e) => e.target === c.id);
    const ok = mine.filter((e) => e.outcome === 'ok');
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ area: c.area.grid, detail: { count: 1, note: '请街道跟进' } });
    expect(ok[0].actorRole).toBe('commander');
    // The commander of another area: refused as not found, on the record.
    expect(mine.filter((e) => e.outcome === 'refused')).toEqual([expect.objectContaining({ detail: expect.objectContaining({ status: 404 }) })]);
    // A role without 督办: a refused access.
    const refused = (await auditor.get('/api/audit?action=access&limit=100')).body.entries as Json[];
    expect(refused.some((e) => e.target === `POST /api/cases/${c.id}/supervise` && e.outcome === 'refused' && e.detail.status === 403)).toBe(true);
  });
});

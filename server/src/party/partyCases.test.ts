import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartyPartsResponse } from '../../../shared/src/api/party.js';
import { validCase } from '../testing/caseInputs.js';
import type { ApiClient, Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { RATING_COUNTS_TTL_MS } from './partyRatings.js';

/** Monday 2026-11-23 10:00 Beijing time, moved by hand. */
const START = Date.parse('2026-11-23T10:00:00+08:00');

describe('党建引领: cases reported or handled by party members (real server on port 0, real SQLite file)', () => {
  let server: TestServer;
  let now = START;
  let area: { district: string; street: string; community: string; grid: string };
  let ops: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ clock: { now: () => now }, scheduler: { every: () => () => {} } });
    area = (await server.api.post('/api/cases', validCase())).body.case.area;
    ops = await server.as('operator', area.street);
  });
  afterAll(async () => server.close());

  const act = (who: ApiClient, id: string, body: unknown) => who.post(`/api/cases/${id}/actions`, body);
  const partyCases = async () => ((await server.api.get(`/api/party?area=${area.grid}&parts=summary`)).body as PartyPartsResponse).summary!.cases;
  /** The row as stored in the database file, read beside the server. */
  const storedRow = (id: string) => {
    const db = new Database(join(server.dataDir, 'cases.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT reporter_party, handler_party FROM cases WHERE id = ?').get(id) as { reporter_party: number; handler_party: number };
    } finally {
      db.close();
    }
  };

  /** Registered, dispatched to `assignee` and accepted by the grid's worker account; returns the case id. */
  async function acceptedCase(assignee: string, over = {}): Promise<{ id: string; worker: ApiClient }> {
    const { status, body } = await server.api.post('/api/cases', validCase(over));
    expect(status).toBe(201);
    const id: string = body.id;
    expect((await act(ops, id, { type: 'register' })).status).toBe(201);
    const dispatched = await act(ops, id, { type: 'dispatch', assignee });
    expect(dispatched.status, JSON.stringify(dispatched.body)).toBe(201);
    const worker = await server.as('grid_worker', area.grid);
    expect((await act(worker, id, { type: 'accept' })).status).toBe(201);
    return { id, worker };
  }

  it('keeps the reporter’s flag from POST /api/cases, stores it and shows it in GET /api/cases/:id', async () => {
    const member = await server.api.post('/api/cases', validCase({ reporterIsPartyMember: true }));
    expect(member.status).toBe(201);
    expect(member.body.case).toMatchObject({ reporterIsPartyMember: true, handlerIsPartyMember: false });
    const detail = (await server.api.get(`/api/cases/${member.body.id}`)).body;
    expect(detail).toMatchObject({ reporterIsPartyMember: true, handlerIsPartyMember: false });
    expect(storedRow(member.body.id)).toEqual({ reporter_party: 1, handler_party: 0 });

    const resident = await server.api.post('/api/cases', validCase());
    expect((await server.api.get(`/api/cases/${resident.body.id}`)).body.reporterIsPartyMember).toBe(false);
    expect(storedRow(resident.body.id)).toEqual({ reporter_party: 0, handler_party: 0 });

    const bad = await server.api.post('/api/cases', validCase({ reporterIsPartyMember: 'yes' as unknown as boolean }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('reporterIsPartyMember');
    expect(bad.body.error.message).toContain('reporterIsPartyMember');
  });

  it('sets the handler’s flag from the handling action, else from the roster (党员骨干 and 下沉干部 are members)', async () => {
    const gridWorkers = server.roster.byGrid(area.grid);
    const volunteer = gridWorkers.find((w) => w.kind === 'party_volunteer')!;
    const other = gridWorkers.find((w) => w.kind !== 'party_volunteer' && w.kind !== 'cadre')!;
    expect(volunteer).toBeDefined();
    expect(other).toBeDefined();

    // A 党员骨干 holds it: a member handled it without saying so.
    const byVolunteer = await acceptedCase(volunteer.id);
    const handled = await act(byVolunteer.worker, byVolunteer.id, { type: 'handle', note: '党员骨干上门劝导，已清运' });
    expect(handled.status).toBe(201);
    expect(handled.body.case.handlerIsPartyMember).toBe(true);
    expect((await server.api.get(`/api/cases/${byVolunteer.id}`)).body.handlerIsPartyMember).toBe(true);
    expect(storedRow(byVolunteer.id)).toEqual({ reporter_party: 0, handler_party: 1 });

    // Another worker: not a member unless the action says so; a rework handled again says it anew.
    const byWorker = await acceptedCase(other.id);
    const plain = await act(byWorker.worker, byWorker.id, { type: 'handle', note: '已清运' });
    expect(plain.body.case.handlerIsPartyMember).toBe(false);
    expect((await act(ops, byWorker.id, { type: 'fail', reason: '现场仍有垃圾' })).status).toBe(201);
    const said = await act(byWorker.worker, byWorker.id, { type: 'handle', note: '党员志愿者协助清运', handlerIsPartyMember: true });
    expect(said.body.case.handlerIsPartyMember).toBe(true);
    expect(storedRow(byWorker.id).handler_party).toBe(1);

    const bad = await act(byWorker.worker, byWorker.id, { type: 'handle', note: 'x', handlerIsPartyMember: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('handlerIsPartyMember');
  });

  it('counts the year’s cases reported and handled by party members in /api/party, cut to the area', async () => {
    now += RATING_COUNTS_TTL_MS; // past the counts cached by earlier reads
    const counted = await partyCases();
    const all = (await server.api.get(`/api/cases?area=${area.grid}&limit=500`)).body.items as Json[];
    expect(counted).toEqual({
      year: 2026,
      total: all.length,
      reportedByMembers: all.filter((c) => c.reporterIsPartyMember).length,
      handledByMembers: all.filter((c) => c.handlerIsPartyMember).length,
    });
    expect(counted.reportedByMembers).toBe(1);
    expect(counted.handledByMembers).toBe(2);
    // Another district's account sees its own district's count, never this grid's
    const other = await server.as('analyst', '410104');
    expect((await other.get(`/api/party?area=${area.grid}&parts=summary`)).status).toBe(403);
    expect(((await other.get('/api/party?parts=summary')).body as PartyPartsResponse).summary!.cases.total).toBe(0);
  });
});

describe('党建引领: the simulator marks cases reported and handled by party members', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A fixed clock: the 8 hours played are 10:00–18:00 of a weekday (Beijing time), whatever the
    // hour the test runs at. On the real clock, at 04:00 Beijing they were the night's, and the
    // count fell under 1,000 (973, 986).
    server = await startTestServer({ clock: { now: () => Date.parse('2026-11-24T18:00:00+08:00') }, scheduler: { every: () => () => {} }, simulator: { rate: 1, seed: 'party', backfillHours: 8 } });
    server.simulator?.halt();
  });
  afterAll(async () => server?.close());

  it('at a plausible rate: about 16% of reports (30% of patrols, 7% of hotline and app reports), and handlings', async () => {
    const cases = ((await server.api.get('/api/party?parts=summary')).body as PartyPartsResponse).summary!.cases;
    console.log(`simulator, 8 hours: ${cases.total} cases, ${cases.reportedByMembers} reported and ${cases.handledByMembers} handled by party members`);
    expect(cases.total).toBeGreaterThan(1000);
    expect(cases.reportedByMembers / cases.total).toBeGreaterThan(0.1);
    expect(cases.reportedByMembers / cases.total).toBeLessThan(0.25);
    expect(cases.handledByMembers).toBeGreaterThan(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCase } from '../testing/caseInputs.js';
import { type ApiClient, type Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

describe('POST /api/cases/:id/actions: the closed loop over HTTP', () => {
  let server: TestServer;
  // Monday 2026-11-23 10:00 Beijing time, moved by hand.
  let now = Date.parse('2026-11-23T10:00:00+08:00');
  const clock = { now: () => now };

  beforeAll(async () => {
    server = await startTestServer({ clock, scheduler: { every: () => () => {} } });
    area = (await server.api.post('/api/cases', validCase())).body.case.area;
    [ops, commander, communityOps, analyst, otherOps, worker] = await Promise.all([
      server.as('operator', area.street),
      server.as('commander', area.district),
      server.as('operator', area.community),
      server.as('analyst', area.street),
      server.as('operator', otherStreet(area.street)),
      server.as('grid_worker', area.grid),
    ]);
  });
  afterAll(async () => server.close());

  let area: { district: string; street: string; community: string; grid: string };
  // Real accounts, signed in: a street operator, a district commander, a community operator, a
  // street analyst, an operator of another street and the grid's worker.
  let ops: ApiClient, commander: ApiClient, communityOps: ApiClient, analyst: ApiClient, otherOps: ApiClient, worker: ApiClient;

  async function newCase(over = {}): Promise<Json> {
    const { status, body } = await server.api.post(`/api/cases`, validCase(over));
    expect(status).toBe(201);
    area = body.case.area;
    return body.case;
  }
  const act = (who: ApiClient, id: string, body: unknown) => who.post(`/api/cases/${id}/actions`, body);

  it('runs a case round the loop with rework, keeping every step as an event', async () => {
    const c = await newCase();
    let detail = (await server.api.get(`/api/cases/${c.id}`)).body;
    expect(detail.timeline).toEqual([{ action: 'report', at: c.times.reported, to: 'reported', channel: 'grid_patrol' }]);
    expect(detail.allowed).toEqual(['register', 'reject', 'escalate']);
    expect(detail.stageDeadline).not.toBeNull();

    now += 5 * 60_000;
    const registered = await act(ops, c.id, { type: 'register' });
    expect(registered.status).toBe(201);
    expect(registered.body.case.status).toBe('registered');
    expect(registered.body.case.deadline).not.toBeNull();
    expect(registered.body.event).toMatchObject({ action: 'register', from: 'reported', to: 'registered', actor: { role: 'operator' } });
    expect(registered.body.event.actor.id).toMatch(/^test\.operator\./);

    // One key: no target given, the rule table picks the grid's on-duty worker or a unit.
    now += 5 * 60_000;
    const dispatched = await act(ops, c.id, { type: 'dispatch' });
    expect(dispatched.status).toBe(201);
    const assignee: string = dispatched.body.case.assignee;
    expect(assignee).toMatch(/^(W\d+|unit:\d{6}:\w+)$/);
    expect(dispatched.body.event.note).toMatch(/^一键派遣/);

    const fieldWorker = assignee.startsWith('W') ? worker : ops;
    now += 10 * 60_000;
    expect((await act(fieldWorker, c.id, { type: 'accept' })).status).toBe(201);
    now += 60 * 60_000;
    expect((await act(fieldWorker, c.id, { type: 'handle', note: '已清运' })).status).toBe(201);
    const failed = await act(ops, c.id, { type: 'fail', reason: '现场仍有垃圾' });
    expect(failed.body.case).toMatchObject({ status: 'rework', reworks: 1 });
    expect((await act(fieldWorker, c.id, { type: 'handle', note: '二次清运' })).status).toBe(201);
    expect((await act(ops, c.id, { type: 'pass' })).status).toBe(201);
    const closed = await act(ops, c.id, { type: 'close' });
    expect(closed.body.case).toMatchObject({ status: 'closed', stageDeadline: null, version: 8, verifiedOnTime: true });
    const kpis = (await server.api.get(`/api/kpis?area=${area.grid}`)).body;
    expect(kpis.staffing.verificationOnTimeRate).toBe(1);
    expect(closed.body.case.times.closed).not.toBeNull();

    detail = (await server.api.get(`/api/cases/${c.id}`)).body;
    expect(detail.timeline.map((e: Json) => e.action)).toEqual(['report', 'register', 'dispatch', 'accept', 'handle', 'fail', 'handle', 'pass', 'close']);
    expect(detail.timeline.map((e: Json) => e.to)).toEqual(['reported', 'registered', 'dispatched', 'accepted', 'handled', 'rework', 'handled', 'verified', 'closed']);
    expect(detail.timeline[5].note).toBe('现场仍有垃圾');
    expect(detail.allowed).toEqual([]);
    expect(detail.clock).toEqual({ msLeft: null, overdue: false, stageMsLeft: null, stageOverdue: false });
    // The live counters followed.
    server.hub.tick();
    expect(server.state.aggregate(area.grid).byStatus.closed).toBeGreaterThanOrEqual(1);
  });

  it('answers an illegal transition with 409 naming the state and the allowed actions; the case is unchanged', async () => {
    const c = await newCase();
    const res = await act(ops, c.id, { type: 'accept' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ status: 409, field: 'type', state: 'reported', allowed: ['register', 'reject', 'escalate'] });
    expect(res.body.error.message).toMatch(/reported/);
    const after = (await server.api.get(`/api/cases/${c.id}`)).body;
    expect(after.version).toBe(0);
    expect(after.timeline).toHaveLength(1);
  });

  it('refuses bad requests with a 4xx naming the problem, and changes nothing', async () => {
    const c = await newCase();
    const cases: Array<[ApiClient, unknown, number, string, RegExp]> = [
      [ops, { type: 'teleport' }, 400, 'type', /unknown action "teleport"/],
      [ops, {}, 400, 'type', /unknown action/],
      [ops, { type: 'reject' }, 400, 'reason', /required/],
      [ops, { type: 'register', colour: 'red' }, 400, '', /colour/],
      // Who acts is the signed-in account: naming another in the body is refused.
      [ops, { type: 'register', actor: { id: 'boss', role: 'commander', scope: '410100' } }, 400, '', /actor/],
      [analyst, { type: 'register' }, 403, 'authorization', /analyst account may not act/],
      [otherOps, { type: 'register' }, 404, 'id', /not found/],
      [ops, { type: 'dispatch', assignee: 'somebody' }, 400, 'assignee', /worker id/],
      [communityOps, { type: 'register' }, 201, '', /./],
      [ops, { type: 'register', expectedVersion: 0 }, 409, 'expectedVersion', /version/],
    ];
    for (const [who, body, status, field, message] of cases) {
      const res = await act(who, c.id, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (status >= 400) {
        if (field) expect(res.body.error.field, JSON.stringify(body)).toBe(field);
        expect(res.body.error.message, JSON.stringify(body)).toMatch(message);
      }
    }
    // An unknown worker or unit is a 422 naming the assignee.
    const unknownUnit = await act(ops, c.id, { type: 'dispatch', assignee: `unit:${area.district}:ZZ` });
    expect([unknownUnit.status, unknownUnit.body.error.field]).toEqual([422, 'assignee']);
    expect((await act(ops, '01ARZ3NDEKTSV4RRFFQ69G5FAV', { type: 'register' })).status).toBe(404);
    expect((await act(ops, 'nope', { type: 'register' })).body.error.field).toBe('id');
    // Only the community operator's register went through; the refusals are on the record.
    const after = (await server.api.get(`/api/cases/${c.id}`)).body;
    expect(after.timeline.map((e: Json) => e.action)).toEqual(['report', 'register']);
  });

  it('escalates one level up; a lower level then may not dispatch it, and dispatch sends it down', async () => {
    const c = await newCase();
    await act(ops, c.id, { type: 'register' });
    const escalated = await act(ops, c.id, { type: 'escalate', reason: '需街道协调' });
    expect(escalated.body.case).toMatchObject({ status: 'escalated', level: 'community', assignee: null });
    await act(ops, c.id, { type: 'dispatch' }); // street ≥ community: allowed
    const again = (await server.api.get(`/api/cases/${c.id}`)).body;
    expect(again.status).toBe('dispatched');
    // Up to the district, then a community operator may not dispatch it.
    const d = await newCase();
    await act(ops, d.id, { type: 'register' });
    for (let i = 0; i < 3; i++) {
      const res = await act(commander, d.id, { type: 'escalate', reason: '提级' });
      expect(res.status).toBe(201);
      await act(commander, d.id, { type: 'dispatch', assignee: `unit:${area.district}:SZ` });
      await act(commander, d.id, { type: 'return', reason: '非本单位职责' });
    }
    const atDistrict = (await server.api.get(`/api/cases/${d.id}`)).body;
    expect(atDistrict).toMatchObject({ status: 'returned', level: 'district' });
    const tooLow = await act(communityOps, d.id, { type: 'dispatch' });
    expect(tooLow.status).toBe(403);
    expect(tooLow.body.error.field).toBe('authorization');
    const down = await act(commander, d.id, { type: 'dispatch', level: 'grid' });
    expect(down.body.case).toMatchObject({ status: 'dispatched', level: 'grid' });
    expect((await act(commander, d.id, { type: 'return', reason: 'x' })).status).toBe(201);
    const up = await act(commander, d.id, { type: 'dispatch', level: 'city' });
    expect(up.status).toBe(422);
    expect(up.body.error.field).toBe('level');
  });

  it('dispatches only to a holder on the branch of both the actor and the case: never another district, street or community', async () => {
    const c = await newCase();
    await act(ops, c.id, { type: 'register' });
    const worker = (where: (w: { district: string; street: string; community: string }) => boolean) => server.roster.workers.find(where)!.id;
    const otherDistrict = area.district === '410103' ? '410105' : '410103';
    const refused: Array<[string, ApiClient, string]> = [
      ['a worker of another district', ops, worker((w) => w.district === otherDistrict)],
      ["another district's unit", ops, `unit:${otherDistrict}:SZ`],
      ["another district's unit, by a city commander", server.api, `unit:${otherDistrict}:SZ`],
      ["another street's 城管 squad", commander, `unit:${otherStreet(area.street)}:CG`],
      ['a worker of another community, for a grid case', ops, worker((w) => w.street === area.street && w.community !== area.community)],
      ['a unit of the whole city (there is none)', server.api, 'unit:410100:SZ'],
    ];
    for (const [what, who, assignee] of refused) {
      const res = await act(who, c.id, { type: 'dispatch', assignee });
      expect([res.status, res.body.error?.field], what).toEqual([422, 'assignee']);
      expect(res.body.error.message, what).toContain(assignee);
    }
    expect((await server.api.get(`/api/cases/${c.id}`)).body).toMatchObject({ status: 'registered', version: 1, assignee: null });
    // On the branch: the district's unit, the street's squad, a worker of the case's own community.
    for (const assignee of [`unit:${area.district}:SZ`, `unit:${area.street}:CG`, worker((w) => w.community === area.community)]) {
      const d = await newCase();
      await act(ops, d.id, { type: 'register' });
      expect((await act(ops, d.id, { type: 'dispatch', assignee })).status, assignee).toBe(201);
    }
    // Escalated to the community: the street operator's area holds another community, the case's does not.
    const e = await newCase();
    await act(ops, e.id, { type: 'register' });
    await act(ops, e.id, { type: 'escalate', reason: '需社区协调' });
    const elsewhere = await act(ops, e.id, { type: 'dispatch', assignee: worker((w) => w.street === area.street && w.community !== area.community) });
    expect([elsewhere.status, elsewhere.body.error.field]).toEqual([422, 'assignee']);
    expect(elsewhere.body.error.message).toMatch(/handles the case/);
  });

  it('grants extensions up to the limit and moves the deadline by the configured length', async () => {
    const c = await newCase();
    await act(ops, c.id, { type: 'register' });
    await act(ops, c.id, { type: 'dispatch', assignee: `unit:${area.district}:SZ` });
    const before = (await server.api.get(`/api/cases/${c.id}`)).body;
    const byOperator = await act(ops, c.id, { type: 'extend', reason: '需协调' });
    expect(byOperator.status).toBe(403);
    const extended = await act(commander, c.id, { type: 'extend', reason: '需协调' });
    expect(extended.status).toBe(201);
    expect(extended.body.case.extensions).toBe(1);
    expect(Date.parse(extended.body.case.deadline)).toBeGreaterThan(Date.parse(before.deadline));
    expect(extended.body.case.status).toBe('dispatched');
    const limit = await act(commander, c.id, { type: 'extend', reason: '再次' });
    expect(limit.status).toBe(422);
    expect(limit.body.error.message).toMatch(/at most 1/);
  });

  it('lets one of two concurrent actions on the same version through and answers the other 409', async () => {
    const c = await newCase();
    const [a, b] = await Promise.all([act(ops, c.id, { type: 'register' }), act(ops, c.id, { type: 'reject', reason: '重复' })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const after = (await server.api.get(`/api/cases/${c.id}`)).body;
    expect(after.timeline).toHaveLength(2);
    expect(after.version).toBe(1);
  });

  it('counts a registered case that runs past its deadline as overdue and streams an alert', async () => {
    const c = await newCase({ urgency: 'major', category: 'TF', subcategory: 'TF01' });
    const reg = await act(ops, c.id, { type: 'register' });
    const deadline = Date.parse(reg.body.case.deadline);
    server.hub.tick();
    const before = server.state.aggregate(area.grid).overdue;
    now = deadline + 1000;
    server.hub.tick();
    expect(server.state.aggregate(area.grid).overdue).toBe(before + 1);
    expect(server.state.recentAlerts(area.grid).map((a) => a.id)).toContain(c.id);
    const detail = (await server.api.get(`/api/cases/${c.id}`)).body;
    expect(detail.clock.overdue).toBe(true);
    expect(detail.clock.msLeft).toBeLessThan(0);
  });
});

/** A street code of the same district that is not `street` (sequence 001 or 002). */
function otherStreet(street: string): string {
  return street.slice(0, 6) + (street.endsWith('001') ? '002' : '001');
}

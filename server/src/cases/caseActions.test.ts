import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { validCase } from '../testing/caseInputs.js';
import { getJson, postJson, type Json } from '../testing/http.js';
import { startTestServer } from '../testing/testServer.js';

describe('POST /api/cases/:id/actions: the closed loop over HTTP', () => {
  let server: RunningServer;
  // Monday 2026-11-23 10:00 Beijing time, moved by hand.
  let now = Date.parse('2026-11-23T10:00:00+08:00');
  const clock = { now: () => now };

  beforeAll(async () => {
    server = await startTestServer({ clock, scheduler: { every: () => () => {} } });
  });
  afterAll(async () => server.close());

  let area: { district: string; street: string; community: string; grid: string };
  const ops = () => ({ id: 'op-street', role: 'operator', scope: area.street });
  const commander = () => ({ id: 'cmd-district', role: 'commander', scope: area.district });

  async function newCase(over = {}): Promise<Json> {
    const { status, body } = await postJson(`${server.url}/api/cases`, validCase(over));
    expect(status).toBe(201);
    area = body.case.area;
    return body.case;
  }
  const act = (id: string, body: unknown) => postJson(`${server.url}/api/cases/${id}/actions`, body);

  it('runs a case round the loop with rework, keeping every step as an event', async () => {
    const c = await newCase();
    let detail = (await getJson(`${server.url}/api/cases/${c.id}`)).body;
    expect(detail.timeline).toEqual([{ action: 'report', at: c.times.reported, to: 'reported', channel: 'grid_patrol' }]);
    expect(detail.allowed).toEqual(['register', 'reject', 'escalate']);
    expect(detail.stageDeadline).not.toBeNull();

    now += 5 * 60_000;
    const registered = await act(c.id, { type: 'register', actor: ops() });
    expect(registered.status).toBe(201);
    expect(registered.body.case.status).toBe('registered');
    expect(registered.body.case.deadline).not.toBeNull();
    expect(registered.body.event).toMatchObject({ action: 'register', from: 'reported', to: 'registered', actor: { id: 'op-street', role: 'operator' } });

    // One key: no target given, the rule table picks the grid's on-duty worker or a unit.
    now += 5 * 60_000;
    const dispatched = await act(c.id, { type: 'dispatch', actor: ops() });
    expect(dispatched.status).toBe(201);
    const assignee: string = dispatched.body.case.assignee;
    expect(assignee).toMatch(/^(W\d+|unit:\d{6}:\w+)$/);
    expect(dispatched.body.event.note).toMatch(/^一键派遣/);

    const worker = assignee.startsWith('W') ? { id: assignee, role: 'grid_worker', scope: area.grid } : ops();
    now += 10 * 60_000;
    expect((await act(c.id, { type: 'accept', actor: worker })).status).toBe(201);
    now += 60 * 60_000;
    expect((await act(c.id, { type: 'handle', actor: worker, note: '已清运' })).status).toBe(201);
    const failed = await act(c.id, { type: 'fail', actor: ops(), reason: '现场仍有垃圾' });
    expect(failed.body.case).toMatchObject({ status: 'rework', reworks: 1 });
    expect((await act(c.id, { type: 'handle', actor: worker, note: '二次清运' })).status).toBe(201);
    expect((await act(c.id, { type: 'pass', actor: ops() })).status).toBe(201);
    const closed = await act(c.id, { type: 'close', actor: ops() });
    expect(closed.body.case).toMatchObject({ status: 'closed', stageDeadline: null, version: 8, verifiedOnTime: true });
    const kpis = (await getJson(`${server.url}/api/kpis?area=${area.grid}`)).body;
    expect(kpis.staffing.verificationOnTimeRate).toBe(1);
    expect(closed.body.case.times.closed).not.toBeNull();

    detail = (await getJson(`${server.url}/api/cases/${c.id}`)).body;
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
    const res = await act(c.id, { type: 'accept', actor: ops() });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ status: 409, field: 'type', state: 'reported', allowed: ['register', 'reject', 'escalate'] });
    expect(res.body.error.message).toMatch(/reported/);
    const after = (await getJson(`${server.url}/api/cases/${c.id}`)).body;
    expect(after.version).toBe(0);
    expect(after.timeline).toHaveLength(1);
  });

  it('refuses bad requests with a 4xx naming the problem, and changes nothing', async () => {
    const c = await newCase();
    const cases: Array<[unknown, number, string, RegExp]> = [
      [{ type: 'teleport', actor: ops() }, 400, 'type', /unknown action "teleport"/],
      [{ actor: ops() }, 400, 'type', /unknown action/],
      [{ type: 'reject', actor: ops() }, 400, 'reason', /required/],
      [{ type: 'register', actor: ops(), colour: 'red' }, 400, '', /colour/],
      [{ type: 'register' }, 400, 'actor', /./],
      [{ type: 'register', actor: { ...ops(), role: 'king' } }, 400, 'actor.role', /must be one of/],
      [{ type: 'register', actor: { ...ops(), scope: '410199999' } }, 400, 'actor.scope', /does not exist/],
      [{ type: 'register', actor: { id: 'an', role: 'analyst', scope: area.street } }, 403, 'actor.role', /analyst may not register/],
      [{ type: 'register', actor: { id: 'other', role: 'operator', scope: otherStreet(area.street) } }, 403, 'actor.scope', /outside/],
      [{ type: 'register', actor: { id: 'cm', role: 'operator', scope: area.community } }, 201, '', /./],
      [{ type: 'dispatch', actor: ops(), assignee: 'somebody' }, 400, 'assignee', /worker id/],
      [{ type: 'register', actor: ops(), expectedVersion: 0 }, 409, 'expectedVersion', /version/],
    ];
    for (const [body, status, field, message] of cases) {
      const res = await act(c.id, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (status >= 400) {
        if (field) expect(res.body.error.field, JSON.stringify(body)).toBe(field);
        expect(res.body.error.message, JSON.stringify(body)).toMatch(message);
      }
    }
    expect((await act('01ARZ3NDEKTSV4RRFFQ69G5FAV', { type: 'register', actor: ops() })).status).toBe(404);
    expect((await act('nope', { type: 'register', actor: ops() })).body.error.field).toBe('id');
    // Only the community operator's register went through.
    const after = (await getJson(`${server.url}/api/cases/${c.id}`)).body;
    expect(after.timeline.map((e: Json) => e.action)).toEqual(['report', 'register']);
  });

  it('escalates one level up; a lower level then may not dispatch it, and dispatch sends it down', async () => {
    const c = await newCase();
    await act(c.id, { type: 'register', actor: ops() });
    const escalated = await act(c.id, { type: 'escalate', actor: ops(), reason: '需街道协调' });
    expect(escalated.body.case).toMatchObject({ status: 'escalated', level: 'community', assignee: null });
    await act(c.id, { type: 'dispatch', actor: ops() }); // street ≥ community: allowed
    const again = (await getJson(`${server.url}/api/cases/${c.id}`)).body;
    expect(again.status).toBe('dispatched');
    // Up to the district, then a community operator may not dispatch it.
    const d = await newCase();
    await act(d.id, { type: 'register', actor: ops() });
    for (let i = 0; i < 3; i++) {
      const res = await act(d.id, { type: 'escalate', actor: commander(), reason: '提级' });
      expect(res.status).toBe(201);
      await act(d.id, { type: 'dispatch', actor: commander(), assignee: `unit:${area.district}:SZ` });
      await act(d.id, { type: 'return', actor: commander(), reason: '非本单位职责' });
    }
    const atDistrict = (await getJson(`${server.url}/api/cases/${d.id}`)).body;
    expect(atDistrict).toMatchObject({ status: 'returned', level: 'district' });
    const tooLow = await act(d.id, { type: 'dispatch', actor: { id: 'cm', role: 'operator', scope: area.community } });
    expect(tooLow.status).toBe(403);
    expect(tooLow.body.error.field).toBe('actor.scope');
    const down = await act(d.id, { type: 'dispatch', actor: commander(), level: 'grid' });
    expect(down.body.case).toMatchObject({ status: 'dispatched', level: 'grid' });
    expect((await act(d.id, { type: 'return', actor: commander(), reason: 'x' })).status).toBe(201);
    const up = await act(d.id, { type: 'dispatch', actor: commander(), level: 'city' });
    expect(up.status).toBe(422);
    expect(up.body.error.field).toBe('level');
  });

  it('grants extensions up to the limit and moves the deadline by the configured length', async () => {
    const c = await newCase();
    await act(c.id, { type: 'register', actor: ops() });
    await act(c.id, { type: 'dispatch', actor: ops(), assignee: `unit:${area.district}:SZ` });
    const before = (await getJson(`${server.url}/api/cases/${c.id}`)).body;
    const byOperator = await act(c.id, { type: 'extend', actor: ops(), reason: '需协调' });
    expect(byOperator.status).toBe(403);
    const extended = await act(c.id, { type: 'extend', actor: commander(), reason: '需协调' });
    expect(extended.status).toBe(201);
    expect(extended.body.case.extensions).toBe(1);
    expect(Date.parse(extended.body.case.deadline)).toBeGreaterThan(Date.parse(before.deadline));
    expect(extended.body.case.status).toBe('dispatched');
    const limit = await act(c.id, { type: 'extend', actor: commander(), reason: '再次' });
    expect(limit.status).toBe(422);
    expect(limit.body.error.message).toMatch(/at most 1/);
  });

  it('lets one of two concurrent actions on the same version through and answers the other 409', async () => {
    const c = await newCase();
    const [a, b] = await Promise.all([act(c.id, { type: 'register', actor: ops() }), act(c.id, { type: 'reject', actor: ops(), reason: '重复' })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const after = (await getJson(`${server.url}/api/cases/${c.id}`)).body;
    expect(after.timeline).toHaveLength(2);
    expect(after.version).toBe(1);
  });

  it('counts a registered case that runs past its deadline as overdue and streams an alert', async () => {
    const c = await newCase({ urgency: 'major', category: 'TF', subcategory: 'TF01' });
    const reg = await act(c.id, { type: 'register', actor: ops() });
    const deadline = Date.parse(reg.body.case.deadline);
    server.hub.tick();
    const before = server.state.aggregate(area.grid).overdue;
    now = deadline + 1000;
    server.hub.tick();
    expect(server.state.aggregate(area.grid).overdue).toBe(before + 1);
    expect(server.state.recentAlerts(area.grid).map((a) => a.id)).toContain(c.id);
    const detail = (await getJson(`${server.url}/api/cases/${c.id}`)).body;
    expect(detail.clock.overdue).toBe(true);
    expect(detail.clock.msLeft).toBeLessThan(0);
  });
});

/** A street code of the same district that is not `street` (sequence 001 or 002). */
function otherStreet(street: string): string {
  return street.slice(0, 6) + (street.endsWith('001') ? '002' : '001');
}

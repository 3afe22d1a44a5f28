import { describe, expect, it } from 'vitest';
import { SlaPolicy } from '../sla/slaPolicy.js';
import { applyAction, parseAction, type ActContext, type ActionRequest } from './caseActions.js';
import type { Case } from './caseModel.js';

const iso = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
const T0 = Date.parse('2026-11-23T09:00:00+08:00'); // a Monday morning
const sla = SlaPolicy.default();

const base: Case = {
  id: '01JCASE0000000000000000001',
  channel: 'grid_patrol',
  category: 'SR',
  subcategory: 'SR01',
  urgency: 'normal',
  lon: 113.67,
  lat: 34.78,
  address: null,
  description: '暴露垃圾',
  reporter: null,
  reporterIsPartyMember: false,
  handlerIsPartyMember: false,
  status: 'reported',
  area: { district: '410105', street: '410105001', community: '410105001003', grid: '410105001003001' },
  externalId: null,
  source: null,
  times: { reported: iso(T0), registered: null, dispatched: null, accepted: null, handled: null, verified: null, closed: null },
  deadline: null,
  level: 'grid',
  assignee: null,
  reworks: 0,
  extensions: 0,
  stageDeadline: null,
  version: 0,
  verifiedOnTime: null,
  supervised: null,
};

const operator = { id: 'op', role: 'operator' as const, scope: '410105001' };
const ctx = (over: Partial<ActContext> = {}): ActContext => ({
  now: T0 + 10 * 60_000,
  actor: { id: 'op', role: 'operator' },
  actorLevel: 'street',
  areaType: 'urban',
  sla,
  routeDispatch: () => ({ assignee: 'W41010500100300101', rule: '网格员：市容环境' }),
  format: iso,
  parse: Date.parse,
  ...over,
});
/** A request as parseAction would give it (the fields per type are checked there). */
const req = (r: { type: ActionRequest['type'] } & Record<string, unknown>): ActionRequest => ({ actor: operator, ...r }) as ActionRequest;

describe('applyAction', () => {
  it('registers: sets the closure deadline from the SLA and the dispatch stage clock', () => {
    const out = applyAction(base, req({ type: 'register' }), ctx());
    if (!out.ok) throw new Error(out.message);
    const sctx = { category: 'SR', subcategory: 'SR01', urgency: 'normal' as const, areaType: 'urban' as const };
    expect(out.case).toMatchObject({ status: 'registered', version: 1, times: { registered: iso(T0 + 10 * 60_000) } });
    expect(out.case.deadline).toBe(iso(sla.closureDeadline(sctx, T0)));
    expect(out.case.stageDeadline).toBe(iso(sla.stageDeadline('dispatch', sctx, T0 + 10 * 60_000)));
    expect(out.event).toEqual({ caseId: base.id, at: iso(T0 + 10 * 60_000), action: 'register', from: 'reported', to: 'registered', actor: { id: 'op', role: 'operator' }, level: 'grid', assignee: null, note: null });
    expect(base.status).toBe('reported'); // pure: the input is untouched
  });

  it('dispatches by one key through the rule table and says which rule', () => {
    const registered = { ...base, status: 'registered' as const, version: 1 };
    const out = applyAction(registered, req({ type: 'dispatch' }), ctx());
    if (!out.ok) throw new Error(out.message);
    expect(out.case.assignee).toBe('W41010500100300101');
    expect(out.event.note).toBe('一键派遣：网格员：市容环境');
    const named = applyAction(registered, req({ type: 'dispatch', assignee: 'unit:410105:SZ', note: '指定' }), ctx());
    expect(named.ok && [named.case.assignee, named.event.note]).toEqual(['unit:410105:SZ', '指定']);
  });

  it('refuses an illegal transition with the allowed actions, a role with 403, a level too low with 403', () => {
    const illegal = applyAction(base, req({ type: 'close' }), ctx());
    expect(illegal).toMatchObject({ ok: false, status: 409, reason: 'illegal', allowed: ['register', 'reject', 'escalate'] });
    const role = applyAction(base, req({ type: 'register' }), ctx({ actor: { id: 'a', role: 'analyst' } }));
    expect(role).toMatchObject({ ok: false, status: 403, reason: 'role' });
    const atStreet = { ...base, status: 'registered' as const, level: 'street' as const };
    const low = applyAction(atStreet, req({ type: 'dispatch' }), ctx({ actorLevel: 'community' }));
    expect(low).toMatchObject({ ok: false, status: 403, reason: 'level' });
    const stale = applyAction(base, req({ type: 'register', expectedVersion: 3 }), ctx());
    expect(stale).toMatchObject({ ok: false, status: 409, reason: 'version' });
  });

  it('counts rework and extensions, and caps extensions', () => {
    const handled = { ...base, status: 'handled' as const, deadline: iso(T0 + 86_400_000), times: { ...base.times, handled: iso(T0) } };
    const fail = applyAction(handled, req({ type: 'fail', reason: '未整改' }), ctx());
    expect(fail.ok && [fail.case.status, fail.case.reworks, fail.case.times.handled, fail.event.note]).toEqual(['rework', 1, null, '未整改']);
    // Verification timeliness against the verify stage's deadline (now is T0 + 10 min).
    const late = applyAction({ ...handled, stageDeadline: iso(T0 + 5 * 60_000) }, req({ type: 'pass' }), ctx());
    const inTime = applyAction({ ...handled, stageDeadline: iso(T0 + 60 * 60_000) }, req({ type: 'pass' }), ctx());
    expect([late.ok && late.case.verifiedOnTime, inTime.ok && inTime.case.verifiedOnTime]).toEqual([false, true]);
    const accepted = { ...base, status: 'accepted' as const, deadline: iso(T0 + 86_400_000), stageDeadline: iso(T0 + 3_600_000) };
    const commander = ctx({ actor: { id: 'c', role: 'commander' } });
    const ext = applyAction(accepted, req({ type: 'extend', reason: '协调' }), commander);
    if (!ext.ok) throw new Error(ext.message);
    expect(ext.case.extensions).toBe(1);
    expect(Date.parse(ext.case.deadline!)).toBeGreaterThan(Date.parse(accepted.deadline));
    expect(ext.case.status).toBe('accepted');
    expect(applyAction(ext.case, req({ type: 'extend', reason: '再协调' }), commander)).toMatchObject({ ok: false, status: 422, reason: 'limit' });
  });

  it('escalates one level up and parks out of the timeliness clock', () => {
    const up = applyAction({ ...base, status: 'registered' }, req({ type: 'escalate', reason: '需协调' }), ctx());
    expect(up.ok && [up.case.level, up.case.status, up.event.level]).toEqual(['community', 'escalated', 'community']);
    const parked = applyAction({ ...base, status: 'accepted', deadline: iso(T0) }, req({ type: 'park', reason: '纳入计划' }), ctx({ actor: { id: 'c', role: 'commander' } }));
    expect(parked.ok && [parked.case.status, parked.case.deadline, parked.case.stageDeadline]).toEqual(['parked', null, null]);
  });
});

describe('parseAction', () => {
  it('names the unknown type and each bad field', () => {
    expect(parseAction({ type: 'fly' })).toEqual({ ok: false, errors: [{ field: 'type', message: expect.stringMatching(/unknown action "fly"; actions: register, reject/) }] });
    const r = parseAction({ type: 'reject', note: 7 });
    expect(r.ok === false && r.errors.map((e) => e.field).sort()).toEqual(['note', 'reason']);
    // Who acts is the session's account, never a field.
    expect(parseAction({ type: 'register', actor: operator })).toMatchObject({ ok: false, errors: [{ field: '(body)' }] });
    expect(parseAction([1])).toMatchObject({ ok: false, errors: [{ field: 'body' }] });
    expect(parseAction({ type: 'handle', note: '已处置' })).toMatchObject({ ok: true, request: { type: 'handle', note: '已处置' } });
  });
});

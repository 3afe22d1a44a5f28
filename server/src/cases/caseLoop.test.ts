import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/src/access/principal.js';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { SlaPolicy } from '../../../shared/src/sla/slaPolicy.js';
import { loadCity } from '../../../fixtures/loadCity.js';
import { FIXTURE_EPOCH_MS, fakeArea, makeCase } from '../store/caseFixtures.js';
import { formatShanghai } from '../store/caseRow.js';
import type { CaseStore } from '../store/caseStore.js';
import { openSqliteCaseStore } from '../store/sqliteCaseStore.js';
import { CaseLoop } from './caseLoop.js';

/**
 * One-key dispatch's own choice passes the same check as a named holder. The rule table today
 * never picks outside the case's branch, so a stand-in table picks what a wrong row would.
 */
describe('CaseLoop: one-key dispatch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'case-loop-'));
  let store: CaseStore;
  let loop: CaseLoop;
  let pick = '';
  const now = FIXTURE_EPOCH_MS + 3_600_000;

  beforeAll(async () => {
    store = await openSqliteCaseStore(join(dir, 'cases.db'));
    await store.migrate();
    // Units belong to the area in their id; that is all this test needs of the roster.
    const assigneeArea = (a: string) => (a.startsWith('unit:') ? { area: a.split(':')[1]! } : { error: `no worker ${a}` });
    loop = new CaseLoop({ store, model: loadCity().model, sla: SlaPolicy.default(), clock: { now: () => now }, routeDispatch: () => ({ assignee: pick, rule: 'stand-in' }), assigneeArea });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses the rule table's pick outside the actor's or the case's area with a 422 naming the assignee, and stores nothing", async () => {
    const area = fakeArea('410105');
    const c: Case = makeCase('LOOP-ONE-KEY-1', FIXTURE_EPOCH_MS, { area, status: 'registered', version: 1, times: { ...makeCase('x', FIXTURE_EPOCH_MS).times, registered: formatShanghai(FIXTURE_EPOCH_MS + 60_000) } });
    await store.insert([c]);
    const operator = (scope: string): Principal => ({ accountId: scope, username: `ops.${scope}`, name: '值班员', role: 'operator', kind: 'person', scope });
    // Another district's unit (outside the street operator's area); another street's squad (inside
    // the district operator's area, outside the case's).
    const outside: Array<[string, string, RegExp]> = [
      [area.street, 'unit:410103:SZ', /outside your area/],
      [area.district, `unit:${area.district}002:CG`, /handles the case/],
    ];
    for (const [scope, assignee, why] of outside) {
      pick = assignee;
      await expect(loop.act(c.id, { type: 'dispatch' }, operator(scope)), assignee).rejects.toMatchObject({ status: 422, field: 'assignee', message: expect.stringMatching(why) });
    }
    expect(await store.get(c.id)).toStrictEqual(c);
    expect(await store.events(c.id)).toEqual([]);
    pick = `unit:${area.district}:SZ`;
    const done = await loop.act(c.id, { type: 'dispatch' }, operator(area.street));
    expect(done.case).toMatchObject({ status: 'dispatched', assignee: pick });
    expect(done.event.note).toMatch(/^一键派遣/);
  });
});

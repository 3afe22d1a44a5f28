import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { FIXTURE_EPOCH_MS, fakeArea, makeCase, makeEvent } from '../store/caseFixtures.js';
import { formatShanghai } from '../store/caseRow.js';
import type { CaseStore } from '../store/caseStore.js';
import { columns } from '../store/columns.js';
import { mergeKpiColumns } from '../store/kpiSql.js';
import { ENUM_CODES, breakdownStatement, filteredKpiStatements, numbers } from './deskSql.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * What the desk asks of every CaseStore driver: sorted and offset pages, the subcategory and text
 * filters, numbers from readSnapshot(), and a history stored with its events. `open` opens the same
 * database on every call; each test works in a district of its own.
 */
export function describeDeskStoreContract(name: string, open: () => Promise<CaseStore>): void {
  describe(`desk reads of the CaseStore: ${name}`, () => {
    let store: CaseStore;
    let scopes = 0;
    const run = randomBytes(3).toString('hex').toUpperCase();
    const scope = () => {
      const k = ++scopes;
      const district = `8${String(k).padStart(5, '0')}`;
      const from = FIXTURE_EPOCH_MS + k * 10 * DAY;
      let n = 0;
      return { district, area: { level: 'district', code: district } as const, from, id: () => `D${run}${String(k).padStart(3, '0')}${String(++n).padStart(6, '0')}`, at: (m: number) => from + m * MINUTE };
    };
    const ids = (cases: Case[]) => cases.map((c) => c.id);

    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(async () => store?.close());

    it('sorts by urgency, deadline and area in both orders, ties newest first, and pages by offset', async () => {
      const s = scope();
      const urgencies = ['simple', 'major', 'normal', 'prominent', 'normal', 'major'] as const;
      const cases = urgencies.map((urgency, i) =>
        makeCase(s.id(), s.at(i), { urgency, area: fakeArea(s.district, 1 + (i % 3), 1, 1), deadline: i === 2 ? null : formatShanghai(s.at(1000 - i * 7)) }),
      );
      await store.insert(cases);
      const page = (sort: { key: 'urgency' | 'deadline' | 'area' | 'reportedAt'; order: 'asc' | 'desc' }, offset = 0, limit = 10) => store.query({ area: s.area, sort, limit, offset });
      const c = cases;
      // 重大 (5, 1 newer first), 突出 (3), 一般 (4, 2), 简易 (0)
      expect(ids((await page({ key: 'urgency', order: 'desc' })).items)).toEqual(ids([c[5]!, c[1]!, c[3]!, c[4]!, c[2]!, c[0]!]));
      expect(ids((await page({ key: 'urgency', order: 'asc' })).items)).toEqual(ids([c[0]!, c[4]!, c[2]!, c[3]!, c[5]!, c[1]!]));
      // Deadlines fall with i; case 2 has none and comes last either way.
      expect(ids((await page({ key: 'deadline', order: 'asc' })).items)).toEqual(ids([c[5]!, c[4]!, c[3]!, c[1]!, c[0]!, c[2]!]));
      expect(ids((await page({ key: 'deadline', order: 'desc' })).items)).toEqual(ids([c[0]!, c[1]!, c[3]!, c[4]!, c[5]!, c[2]!]));
      // Streets 1, 2, 3 by grid code; within one, newest first.
      expect(ids((await page({ key: 'area', order: 'asc' })).items)).toEqual(ids([c[3]!, c[0]!, c[4]!, c[1]!, c[5]!, c[2]!]));
      expect(ids((await page({ key: 'reportedAt', order: 'asc' })).items)).toEqual(ids(c));
      const whole = (await page({ key: 'urgency', order: 'desc' })).items;
      const first = await page({ key: 'urgency', order: 'desc' }, 0, 4);
      const second = await page({ key: 'urgency', order: 'desc' }, 4, 4);
      expect([...first.items, ...second.items]).toStrictEqual(whole);
      expect([first.total, second.total]).toEqual([6, 6]);
      expect(first.nextCursor).toBeNull(); // other orders page by offset
      expect((await store.query({ area: s.area, limit: 4, offset: 2 })).items).toStrictEqual((await store.query({ area: s.area, limit: 6 })).items.slice(2, 6));
    });

    it('filters by subcategory, and by address or description text with % and _ taken literally', async () => {
      const s = scope();
      const cases = [
        makeCase(s.id(), s.at(0), { area: fakeArea(s.district), category: 'SR', subcategory: 'SR01', description: '花园路 100% 暴露垃圾' }),
        makeCase(s.id(), s.at(1), { area: fakeArea(s.district), category: 'SR', subcategory: 'SR02', address: '农业路_东段', description: '违法建设' }),
        makeCase(s.id(), s.at(2), { area: fakeArea(s.district), category: 'JM', subcategory: 'JM01', description: '花园路 100 号游商' }),
      ];
      await store.insert(cases);
      expect(ids((await store.query({ area: s.area, subcategory: ['SR02', 'JM01'], limit: 10 })).items)).toEqual([cases[2]!.id, cases[1]!.id]);
      expect(ids((await store.query({ area: s.area, text: '花园路', limit: 10 })).items)).toEqual([cases[2]!.id, cases[0]!.id]);
      expect(ids((await store.query({ area: s.area, text: '100%', limit: 10 })).items)).toEqual([cases[0]!.id]);
      expect(ids((await store.query({ area: s.area, text: '路_东', limit: 10 })).items)).toEqual([cases[1]!.id]);
      expect((await store.query({ area: s.area, text: '路%东', limit: 10 })).total).toBe(0);
    });

    it('answers filtered KPI counts and breakdowns as numbers from readSnapshot()', async () => {
      const s = scope();
      const at = (m: number) => formatShanghai(s.at(m));
      const cases = [
        makeCase(s.id(), s.at(10), { area: fakeArea(s.district, 1), category: 'SR', subcategory: 'SR01', status: 'closed', deadline: at(300), times: { reported: at(10), registered: at(12), dispatched: at(13), accepted: null, handled: at(100), verified: null, closed: at(120) } }),
        makeCase(s.id(), s.at(20), { area: fakeArea(s.district, 2), category: 'SR', subcategory: 'SR02', status: 'accepted', deadline: at(200), times: { reported: at(20), registered: at(21), dispatched: at(22), accepted: at(30), handled: null, verified: null, closed: null } }),
        makeCase(s.id(), s.at(30), { area: fakeArea(s.district, 2), category: 'JM', subcategory: 'JM01', status: 'reported' }),
      ];
      await store.insert(cases);
      const period = { from: s.from, to: s.from + DAY, now: s.at(500) };
      const [received, due, overdue] = await numbers(store, filteredKpiStatements(s.area, s.district, { category: ['SR'] }, period, null));
      const counts = mergeKpiColumns(received!, due!).get(s.district)!;
      expect([counts.received, counts.registered, counts.due, counts.closed, counts.closedOnTime]).toEqual([2, 2, 2, 1, 1]);
      expect(columns(overdue!, 'n')[0][0]).toBe(1); // open past its deadline (minute 200) at minute 500
      // At minute 150 the first was closed (120) and the second not yet due (200): none overdue then.
      const [, , then] = await numbers(store, filteredKpiStatements(s.area, s.district, { category: ['SR'] }, period, s.at(150)));
      expect(columns(then!, 'n')[0][0]).toBe(0);
      const [byCategory] = await numbers(store, [breakdownStatement(s.area, {}, 'received', period, 'category', 'street')]);
      const [k, n] = columns(byCategory!, 'k', 'n');
      const found = Object.fromEntries(Array.from(k, (key, i) => [ENUM_CODES.category[key]!, n[i]!]));
      expect(found).toEqual({ SR: 2, JM: 1 });
      const [byStreet] = await numbers(store, [breakdownStatement(s.area, {}, 'received', period, 'area', 'street')]);
      const [sk, sn] = columns(byStreet!, 'k', 'n');
      expect(Object.fromEntries(Array.from(sk, (key, i) => [String(key), sn[i]!]))).toEqual({ [`${s.district}001`]: 1, [`${s.district}002`]: 2 });
    });

    it("keeps one worker's cases (assignee), or lists them first in any sort, within the area, paging by offset", async () => {
      const s = scope();
      const mine = 'W81000000000000101';
      const theirs = 'W81000000000000102';
      const who = [theirs, mine, null, mine, theirs, mine] as const;
      const cases = who.map((assignee, i) =>
        makeCase(s.id(), s.at(i), { area: fakeArea(s.district, 1 + (i % 2), 1, 1), assignee, urgency: i === 4 ? 'major' : 'normal', status: assignee ? 'dispatched' : 'registered' }),
      );
      // The same worker's case in another district: never in this area's answers.
      const elsewhere = scope();
      await store.insert([...cases, makeCase(elsewhere.id(), elsewhere.at(0), { area: fakeArea(elsewhere.district), assignee: mine, status: 'dispatched' })]);
      const c = cases;
      const kept = await store.query({ area: s.area, assignee: mine, limit: 10 });
      expect(ids(kept.items)).toEqual(ids([c[5]!, c[3]!, c[1]!]));
      expect(kept.total).toBe(3);
      // Mine first (newest first among them), then the others in the same order; the total is the area's.
      const first = await store.query({ area: s.area, first: { assignee: mine }, limit: 10 });
      expect(ids(first.items)).toEqual(ids([c[5]!, c[3]!, c[1]!, c[4]!, c[2]!, c[0]!]));
      expect(first.total).toBe(6);
      expect(first.nextCursor).toBeNull(); // pages by offset
      // With another sort and its order: each part sorted by it.
      const byUrgency = await store.query({ area: s.area, first: { assignee: mine }, sort: { key: 'reportedAt', order: 'asc' }, limit: 10 });
      expect(ids(byUrgency.items)).toEqual(ids([c[1]!, c[3]!, c[5]!, c[0]!, c[2]!, c[4]!]));
      const urgent = await store.query({ area: s.area, first: { assignee: theirs }, sort: { key: 'urgency', order: 'desc' }, limit: 10 });
      expect(ids(urgent.items)).toEqual(ids([c[4]!, c[0]!, c[5]!, c[3]!, c[2]!, c[1]!]));
      // Pages by offset join into the whole; filters and the first worker together.
      const a = await store.query({ area: s.area, first: { assignee: mine }, limit: 4 });
      const b = await store.query({ area: s.area, first: { assignee: mine }, limit: 4, offset: 4 });
      expect([...a.items, ...b.items]).toStrictEqual(first.items);
      expect(ids((await store.query({ area: s.area, status: ['dispatched'], first: { assignee: theirs }, limit: 10 })).items)).toEqual(ids([c[4]!, c[0]!, c[5]!, c[3]!, c[1]!]));
      expect((await store.query({ area: s.area, assignee: 'W81000000000000199', limit: 10 })).total).toBe(0);
    });

    it('stores a history with its events in one call, and refuses a case id already stored without storing any of that call', async () => {
      const s = scope();
      const a = makeCase(s.id(), s.at(0), { area: fakeArea(s.district), status: 'dispatched', version: 2 });
      const b = makeCase(s.id(), s.at(1), { area: fakeArea(s.district) });
      await store.insertHistory([
        { case: a, events: [makeEvent(a.id, s.at(2), 'reported', 'registered', { action: 'register' }), makeEvent(a.id, s.at(3), 'registered', 'dispatched')] },
        { case: b, events: [] },
      ]);
      expect(await store.get(a.id)).toStrictEqual(a);
      expect((await store.events(a.id)).map((e) => e.action)).toEqual(['register', 'dispatch']);
      const c = makeCase(s.id(), s.at(4), { area: fakeArea(s.district) });
      await expect(store.insertHistory([{ case: c, events: [] }, { case: a, events: [] }])).rejects.toThrow();
      expect(await store.get(c.id)).toBeUndefined();
      expect((await store.query({ area: s.area, limit: 10 })).total).toBe(2);
    });
  });
}

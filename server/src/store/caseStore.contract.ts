import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { FIXTURE_EPOCH_MS, fakeArea, makeCase, makeEvent, makeFullCase } from './caseFixtures.js';
import { formatShanghai } from './caseRow.js';
import type { CaseQuery, CaseStore, InsertResult, LiveRow } from './caseStore.js';
import type { HourColumns } from './trendSql.js';

const MINUTE = 60_000; // ms
const DAY = 86_400_000; // ms

/**
 * The behaviour every CaseStore driver must have. `open` opens the SAME database on every call
 * (the suite migrates it and reopens it); each test works in its own district, time window and ids,
 * so tests do not see each other's cases.
 */
export function describeCaseStoreContract(name: string, open: () => Promise<CaseStore>): void {
  describe(`CaseStore contract: ${name}`, () => {
    let store: CaseStore;
    let scopes = 0;
    const run = randomBytes(3).toString('hex').toUpperCase();

    /** A fresh district, a fresh day-long time window and an id maker for one test. */
    const scope = () => {
      const k = ++scopes;
      const district = `9${String(k).padStart(5, '0')}`;
      const from = FIXTURE_EPOCH_MS + k * 10 * DAY;
      let n = 0;
      const id = () => `T${run}${String(k).padStart(3, '0')}${String(++n).padStart(5, '0')}`;
      const at = (minutes: number) => from + minutes * MINUTE;
      return { district, area: fakeArea(district), from, to: from + DAY, id, at };
    };
    const ids = (cases: Case[]) => cases.map((c) => c.id);
    /** Newest first, ties by id descending: the order query() promises. */
    const newestFirst = (cases: Case[]) =>
      [...cases].sort((a, b) => Date.parse(b.times.reported!) - Date.parse(a.times.reported!) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const all = async (q: Omit<CaseQuery, 'limit' | 'cursor'>) => (await store.query({ ...q, limit: 500 })).items;
    /** An insert's answer less the seqs of the inserted cases (checked to be new, increasing integers first). */
    const withoutSeqs = (result: InsertResult): InsertResult => {
      const seqs = result.inserted.map((c) => c.seq);
      for (const [i, seq] of seqs.entries()) expect(Number.isInteger(seq) && seq! > (i === 0 ? 0 : seqs[i - 1]!), `seq ${seq} of inserted case ${i}`).toBe(true);
      return {
        inserted: result.inserted.map((c) => {
          const copy = { ...c };
          delete copy.seq;
          return copy;
        }),
        existing: result.existing,
      };
    };

    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('round-trips every field of a case exactly', async () => {
      const s = scope();
      const full = makeFullCase(s.id(), s.at(0), { area: s.area });
      const minimal = makeCase(s.id(), s.at(1), { area: s.area });
      const nameOnly = makeCase(s.id(), s.at(2), { area: s.area, reporter: { name: '李师傅' }, address: '' });
      const result = withoutSeqs(await store.insert([full, minimal, nameOnly]));
      expect(result).toStrictEqual({ inserted: [full, minimal, nameOnly], existing: [] });
      for (const c of [full, minimal, nameOnly]) expect(await store.get(c.id)).toStrictEqual(c);
      expect(await store.get(`${s.id()}-missing`)).toBeUndefined();
    });

    it('numbers inserted cases with increasing seqs and finds a case by its seq', async () => {
      const s = scope();
      const a = makeCase(s.id(), s.at(0), { area: s.area });
      const b = makeCase(s.id(), s.at(1), { area: s.area });
      const { inserted } = await store.insert([a, b]);
      const [sa, sb] = inserted.map((c) => c.seq!);
      expect(sb).toBeGreaterThan(sa!);
      expect(await store.getBySeq(sa!)).toStrictEqual(a);
      expect(await store.getBySeq(sb!)).toStrictEqual(b);
      // A later insert gets a higher seq; a seq never given finds nothing.
      const [later] = (await store.insert([makeCase(s.id(), s.at(2), { area: s.area })])).inserted;
      expect(later!.seq).toBeGreaterThan(sb!);
      expect(await store.getBySeq(later!.seq! + 1_000_000)).toBeUndefined();
    });

    it('stores times as instants and returns them in +08:00', async () => {
      const s = scope();
      const c = makeCase(s.id(), s.at(0), { area: s.area });
      const utc = { ...c, times: { ...c.times, reported: new Date(s.at(0)).toISOString() } };
      const { inserted } = withoutSeqs(await store.insert([utc]));
      expect(inserted).toStrictEqual([c]);
      expect((await store.get(c.id))?.times.reported).toBe(formatShanghai(s.at(0)));
    });

    it('inserts a batch atomically: one bad row leaves nothing behind', async () => {
      const s = scope();
      const a = makeCase(s.id(), s.at(0), { area: s.area });
      const b = makeCase(s.id(), s.at(1), { area: s.area });
      const before = await store.count();
      await expect(store.insert([a, b, { ...a, description: 'same id again' }])).rejects.toThrow();
      expect(await store.get(a.id)).toBeUndefined();
      expect(await store.get(b.id)).toBeUndefined();
      expect(await store.count()).toBe(before);
      expect((await store.insert([a, b])).inserted).toHaveLength(2);
    });

    it('returns the stored case for a resent (source, channel, externalId) and inserts nothing', async () => {
      const s = scope();
      const first = makeCase(s.id(), s.at(0), { area: s.area, externalId: `ext-${s.district}`, source: 'source-a' });
      await store.insert([first]);
      const before = await store.count();
      const resend = makeCase(s.id(), s.at(5), { area: s.area, externalId: first.externalId, source: 'source-a', description: 'resent' });
      const fresh = makeCase(s.id(), s.at(6), { area: s.area });
      expect(withoutSeqs(await store.insert([resend, fresh]))).toStrictEqual({ inserted: [fresh], existing: [first] });
      expect(await store.get(resend.id)).toBeUndefined();
      expect(await store.count()).toBe(before + 1);
      // The very same case sent twice (a client retry) is also "existing".
      expect(await store.insert([first])).toStrictEqual({ inserted: [], existing: [first] });
    });

    it('treats a repeated externalId within one batch as one case', async () => {
      const s = scope();
      const a = makeCase(s.id(), s.at(0), { area: s.area, externalId: `dup-${s.district}`, source: 'source-a' });
      const b = makeCase(s.id(), s.at(1), { area: s.area, externalId: a.externalId, source: 'source-a' });
      expect(withoutSeqs(await store.insert([a, b]))).toStrictEqual({ inserted: [a], existing: [a] });
      expect(await store.get(b.id)).toBeUndefined();
    });

    it('scopes externalId per channel; null externalIds never conflict', async () => {
      const s = scope();
      const hotline = makeCase(s.id(), s.at(0), { area: s.area, channel: 'hotline_12345', externalId: `x-${s.district}`, source: 'source-a' });
      const app = makeCase(s.id(), s.at(1), { area: s.area, channel: 'citizen_app', externalId: hotline.externalId, source: 'source-a' });
      const none1 = makeCase(s.id(), s.at(2), { area: s.area, source: 'source-a' });
      const none2 = makeCase(s.id(), s.at(3), { area: s.area, source: 'source-a' });
      expect(withoutSeqs(await store.insert([hotline, app, none1, none2]))).toStrictEqual({ inserted: [hotline, app, none1, none2], existing: [] });
    });

    it('scopes externalId per source: another source\'s same id is a case of its own; no source never conflicts', async () => {
      const s = scope();
      const mine = makeCase(s.id(), s.at(0), { area: s.area, externalId: `src-${s.district}`, source: 'source-a' });
      await store.insert([mine]);
      // Another source (another district's key, say) sends the same channel and id: stored, not matched.
      const theirs = makeCase(s.id(), s.at(1), { area: fakeArea(s.district, 2), externalId: mine.externalId, source: 'source-b' });
      const unsourced1 = makeCase(s.id(), s.at(2), { area: s.area, externalId: mine.externalId });
      const unsourced2 = makeCase(s.id(), s.at(3), { area: s.area, externalId: mine.externalId });
      expect(withoutSeqs(await store.insert([theirs, unsourced1, unsourced2]))).toStrictEqual({ inserted: [theirs, unsourced1, unsourced2], existing: [] });
      // Each source's resend answers its own case.
      const again = (source: string) => makeCase(s.id(), s.at(4), { area: s.area, externalId: mine.externalId, source });
      expect(await store.insert([again('source-b'), again('source-a')])).toStrictEqual({ inserted: [], existing: [theirs, mine] });
      expect(ids(await all({ area: { level: 'district', code: s.district }, source: 'source-b' }))).toEqual([theirs.id]);
    });

    it('filters by each area level, and the city level means everything', async () => {
      const s = scope();
      const areas = [fakeArea(s.district, 1, 1, 1), fakeArea(s.district, 1, 1, 2), fakeArea(s.district, 1, 2, 1), fakeArea(s.district, 2, 1, 1)];
      const cases = areas.map((area, i) => makeCase(s.id(), s.at(i), { area }));
      await store.insert(cases);
      const window = { from: s.from, to: s.to };
      expect(ids(await all({ area: { level: 'district', code: s.district } }))).toEqual(ids(newestFirst(cases)));
      expect(ids(await all({ area: { level: 'street', code: areas[0]!.street } }))).toEqual(ids(newestFirst(cases.slice(0, 3))));
      expect(ids(await all({ area: { level: 'community', code: areas[0]!.community } }))).toEqual(ids(newestFirst(cases.slice(0, 2))));
      expect(ids(await all({ area: { level: 'grid', code: areas[1]!.grid } }))).toEqual([cases[1]!.id]);
      expect(ids(await all({ area: { level: 'city', code: '410100' }, ...window }))).toEqual(ids(newestFirst(cases)));
      expect(ids(await all(window))).toEqual(ids(newestFirst(cases)));
      expect(await all({ area: { level: 'grid', code: `${s.district}-none` } })).toEqual([]);
    });

    it('filters by status, category, urgency and channel lists', async () => {
      const s = scope();
      const area = s.area;
      const cases = [
        makeCase(s.id(), s.at(0), { area, status: 'reported', category: 'SR', subcategory: 'SR01', urgency: 'simple', channel: 'grid_patrol' }),
        makeCase(s.id(), s.at(1), { area, status: 'dispatched', category: 'JM', subcategory: 'JM02', urgency: 'normal', channel: 'citizen_app' }),
        makeCase(s.id(), s.at(2), { area, status: 'closed', category: 'AQ', subcategory: 'AQ02', urgency: 'major', channel: 'video_iot' }),
        makeCase(s.id(), s.at(3), { area, status: 'dispatched', category: 'SR', subcategory: 'SR03', urgency: 'major', channel: 'department' }),
      ];
      const [c0, c1, c2, c3] = cases as [Case, Case, Case, Case];
      await store.insert(cases);
      const district = { area: { level: 'district', code: s.district } } as const;
      expect(ids(await all({ ...district, status: ['dispatched'] }))).toEqual([c3.id, c1.id]);
      expect(ids(await all({ ...district, status: ['reported', 'closed'] }))).toEqual([c2.id, c0.id]);
      expect(ids(await all({ ...district, category: ['SR'] }))).toEqual([c3.id, c0.id]);
      expect(ids(await all({ ...district, urgency: ['major', 'simple'] }))).toEqual([c3.id, c2.id, c0.id]);
      expect(ids(await all({ ...district, channel: ['citizen_app', 'video_iot'] }))).toEqual([c2.id, c1.id]);
      expect(ids(await all({ ...district, status: ['dispatched'], urgency: ['major'] }))).toEqual([c3.id]);
      expect(ids(await all({ ...district, status: [] }))).toHaveLength(4); // an empty list filters nothing
    });

    it('filters reportedAt by the half-open range [from, to)', async () => {
      const s = scope();
      const cases = [0, 10, 20, 30].map((m) => makeCase(s.id(), s.at(m), { area: s.area }));
      await store.insert(cases);
      const page = await store.query({ area: { level: 'district', code: s.district }, from: s.at(10), to: s.at(30), limit: 10 });
      expect(ids(page.items)).toEqual([cases[2]!.id, cases[1]!.id]);
      expect(page.total).toBe(2);
      expect((await store.query({ from: s.at(30), to: s.to, limit: 10 })).total).toBe(1);
    });

    it('pages through matches with the cursor: every match once, newest first, total on each page', async () => {
      const s = scope();
      // 25 cases, several sharing a reported time so the id tie-break matters.
      const cases = Array.from({ length: 25 }, (_, i) => makeCase(s.id(), s.at(Math.floor(i / 3)), { area: s.area }));
      await store.insert([...cases].reverse());
      const seen: Case[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 5; pages++) {
        const page = await store.query({ area: { level: 'street', code: s.area.street }, limit: 10, ...(cursor ? { cursor } : {}) });
        expect(page.total).toBe(25);
        seen.push(...page.items);
        sizes.push(page.items.length);
        if (!page.nextCursor) break;
        expect(page.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
        cursor = page.nextCursor;
      }
      expect(sizes).toEqual([10, 10, 5]);
      expect(seen).toStrictEqual(newestFirst(cases));
      const exact = await store.query({ area: { level: 'street', code: s.area.street }, limit: 25 });
      expect(exact.nextCursor).toBeNull();
    });

    it('rejects a malformed cursor with an error starting "cursor"', async () => {
      for (const cursor of ['not a cursor!', 'abc', Buffer.from('x:y').toString('base64url'), '']) {
        await expect(store.query({ limit: 10, cursor })).rejects.toThrow(/^cursor/);
      }
    });

    it('applies a transition: the mutable fields and version change, the event is appended, nothing else', async () => {
      const s = scope();
      const c = makeCase(s.id(), s.at(0), { area: s.area });
      await store.insert([c]);
      const changed: Case = {
        ...c,
        status: 'dispatched',
        description: 'must not change',
        times: { ...c.times, registered: formatShanghai(s.at(2)), dispatched: formatShanghai(s.at(5)) },
        deadline: formatShanghai(s.at(24 * 60)),
        level: 'street',
        assignee: 'W410105001003001',
        reworks: 1,
        extensions: 1,
        stageDeadline: formatShanghai(s.at(65)),
        version: 1,
      };
      const event = makeEvent(c.id, s.at(5), 'registered', 'dispatched');
      expect(await store.transition([{ case: changed, event }])).toEqual([true]);
      expect(await store.get(c.id)).toStrictEqual({ ...changed, description: c.description });
      expect(await store.events(c.id)).toStrictEqual([event]);
      expect(ids(await all({ area: { level: 'district', code: s.district }, status: ['dispatched'] }))).toEqual([c.id]);
    });

    it('skips a stale transition (version moved on) and still applies the others', async () => {
      const s = scope();
      const a = makeCase(s.id(), s.at(0), { area: s.area });
      const b = makeCase(s.id(), s.at(1), { area: s.area });
      await store.insert([a, b]);
      const first = { case: { ...a, status: 'registered' as const, version: 1 }, event: makeEvent(a.id, s.at(2), 'reported', 'registered') };
      expect(await store.transition([first])).toEqual([true]);
      // A second writer that also saw version 0 of a: refused; b in the same call applies.
      const stale = { case: { ...a, status: 'rejected' as const, version: 1 }, event: makeEvent(a.id, s.at(3), 'reported', 'rejected') };
      const other = { case: { ...b, status: 'registered' as const, version: 1 }, event: makeEvent(b.id, s.at(3), 'reported', 'registered') };
      expect(await store.transition([stale, other])).toEqual([false, true]);
      expect((await store.get(a.id))!.status).toBe('registered');
      expect((await store.events(a.id)).map((e) => e.to)).toEqual(['registered']);
      // Two steps of one case in one call apply in order.
      const next = { case: { ...first.case, status: 'dispatched' as const, version: 2 }, event: makeEvent(a.id, s.at(4), 'registered', 'dispatched') };
      const after = { case: { ...next.case, status: 'accepted' as const, version: 3 }, event: makeEvent(a.id, s.at(5), 'dispatched', 'accepted') };
      expect(await store.transition([next, after])).toEqual([true, true]);
      expect((await store.events(a.id)).map((e) => e.to)).toEqual(['registered', 'dispatched', 'accepted']);
      expect(await store.events(`${s.id()}-none`)).toEqual([]);
    });

    it('counts KPIs per area and lists the cases behind each', async () => {
      const s = scope();
      const t = (m: number) => formatShanghai(s.at(m));
      const closedTimes = (closedAt: number) => ({ reported: t(0), registered: t(1), dispatched: t(2), accepted: null, handled: t(closedAt - 1), verified: null, closed: t(closedAt) });
      const onTime = makeCase(s.id(), s.at(0), { area: s.area, status: 'closed', times: closedTimes(30), deadline: t(60), reworks: 1 });
      const late = makeCase(s.id(), s.at(0), { area: s.area, status: 'closed', times: closedTimes(90), deadline: t(60), extensions: 1 });
      const open = makeCase(s.id(), s.at(0), { area: s.area, status: 'accepted', times: { ...closedTimes(0), handled: null, closed: null }, deadline: t(50) });
      const fresh = makeCase(s.id(), s.at(0), { area: s.area });
      await store.insert([onTime, late, open, fresh]);
      const period = { from: s.at(0), to: s.at(120), now: s.at(100) };
      const area = { level: 'district' as const, code: s.district };
      const mine = (await store.kpiCounts(area, s.district, undefined, period)).get(s.district);
      expect(mine).toEqual({ received: 4, registered: 3, dispatched: 3, due: 3, closed: 2, closedOnTime: 1, reworked: 1, extended: 1, deferred: 0, patrolReports: 4, verifications: 0, verificationsOnTime: 0, handlingMsTotal: (27 + 87) * 60_000, handlingCount: 2 });
      const byGrid = await store.kpiCounts(area, s.district, 'grid', period);
      expect([...byGrid.keys()]).toEqual([s.area.grid]);
      expect(byGrid.get(s.area.grid)).toEqual(mine);
      const list = async (name: 'closedOnTime' | 'notClosedOnTime' | 'overdueOpen' | 'notRegistered') => ids((await store.query({ limit: 10, area, kpi: { name, period } })).items).sort();
      expect(await list('closedOnTime')).toEqual([onTime.id]);
      expect(await list('notClosedOnTime')).toEqual([late.id, open.id].sort());
      expect(await list('overdueOpen')).toEqual([open.id]);
      expect(await list('notRegistered')).toEqual([fresh.id]);
    });

    it('counts cases received and closed per grid cell and clock hour in a window', async () => {
      const s = scope();
      const t = (m: number) => formatShanghai(s.at(m));
      const hour0 = Math.floor(s.at(0) / 3_600_000);
      const closedAt = (m: number) => ({ reported: t(5), registered: t(6), dispatched: t(7), accepted: null, handled: t(m - 1), verified: null, closed: t(m) });
      const cases = [
        makeCase(s.id(), s.at(5), { area: s.area }),
        makeCase(s.id(), s.at(5), { area: s.area, status: 'closed', times: closedAt(70), deadline: t(200) }),
        makeCase(s.id(), s.at(65), { area: s.area, status: 'closed', times: { ...closedAt(130), reported: t(65) }, deadline: t(200) }),
        makeCase(s.id(), s.at(300), { area: s.area }), // outside the window below
      ];
      await store.insert(cases);
      /** [grid code, hour, cases] of each entry, hour by hour. */
      const entries = (c: HourColumns) => Array.from(c.n, (n, i) => [String(c.grid[i]), c.hour[i], n]).sort((a, b) => Number(a[1]) - Number(b[1]));
      const mine = (c: HourColumns) => entries(c).filter(([grid]) => grid === s.area.grid);
      const counts = await store.hourlyCounts(s.at(0), s.at(180));
      expect(mine(counts.received)).toStrictEqual([
        [s.area.grid, hour0, 2],
        [s.area.grid, hour0 + 1, 1],
      ]);
      expect(mine(counts.closed)).toStrictEqual([
        [s.area.grid, hour0 + 1, 1],
        [s.area.grid, hour0 + 2, 1],
      ]);
      // Under one area: its cells only (another district's window holds none of these).
      const under = await store.hourlyCounts(s.at(0), s.at(180), s.district);
      expect([...entries(under.received), ...entries(under.closed)].every(([grid]) => grid === s.area.grid)).toBe(true);
      expect(entries(under.received).reduce((n, [, , count]) => n + Number(count), 0)).toBe(3);
      const none = await store.hourlyCounts(s.at(0), s.at(180), `${s.district.slice(0, 5)}8`);
      expect([none.received.n.length, none.closed.n.length]).toEqual([0, 0]);
      await expect(store.hourlyCounts(s.at(0), s.at(180), '41x')).rejects.toThrow(/malformed/);
    });

    it('scans every case in insertion order, in batches', async () => {
      const s = scope();
      // Inserted newest first, so insertion order differs from time order.
      const cases = Array.from({ length: 7 }, (_, i) => makeCase(s.id(), s.at(100 - i), { area: s.area }));
      await store.insert(cases.slice(0, 4));
      await store.insert(cases.slice(4));
      const scanned: Case[] = [];
      const batchSizes: number[] = [];
      const n = await store.scan(3, (batch) => {
        batchSizes.push(batch.length);
        scanned.push(...batch);
      });
      expect(n).toBe(await store.count());
      expect(scanned).toHaveLength(n);
      expect(new Set(ids(scanned)).size).toBe(n);
      expect(batchSizes.every((b) => b <= 3)).toBe(true);
      expect(scanned.filter((c) => c.area.district === s.district)).toStrictEqual(cases);
    });

    it('scans the same cases as light live rows, in the same order', async () => {
      const s = scope();
      const due = s.at(500);
      await store.insert([makeCase(s.id(), s.at(1), { area: s.area, urgency: 'major', category: 'TF', subcategory: 'TF01', deadline: formatShanghai(due), assignee: 'W410105001003001' })]);
      const full: Case[] = [];
      const live: LiveRow[] = [];
      await store.scan(4, (batch) => full.push(...batch));
      const n = await store.scanLive(4, (rows) => live.push(...rows));
      expect(n).toBe(full.length);
      expect(live.map((r) => r[0])).toEqual(ids(full));
      const mine = full.findIndex((c) => c.area.district === s.district);
      const c = full[mine]!;
      expect(live[mine]!.slice(0, 8)).toEqual([c.id, c.status, 'TF', 'major', c.area.grid, Date.parse(c.times.reported!), due, 'W410105001003001']);
      expect(live.every((r, i) => i === 0 || r[8] > live[i - 1]![8])).toBe(true);
    });

    it('migrates twice harmlessly', async () => {
      const before = await store.count();
      await store.migrate();
      const again = await open();
      try {
        await again.migrate();
        expect(await again.count()).toBe(before);
      } finally {
        await again.close();
      }
      expect(await store.count()).toBe(before);
    });

    it('keeps the data when the database is reopened', async () => {
      const s = scope();
      const c = makeFullCase(s.id(), s.at(0), { area: s.area });
      await store.insert([c]);
      const count = await store.count();
      const reopened = await open();
      try {
        expect(await reopened.get(c.id)).toStrictEqual(c);
        expect(await reopened.count()).toBe(count);
      } finally {
        await reopened.close();
      }
    });
  });
}

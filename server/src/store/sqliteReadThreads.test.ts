import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_EPOCH_MS, fakeArea, makeCase } from './caseFixtures.js';
import { formatShanghai } from './caseRow.js';
import type { CaseStore } from './caseStore.js';
import { openSqliteCaseStore } from './sqliteCaseStore.js';

const CASES = 20_000;
const MINUTE = 60_000; // ms

describe('SQLite store: heavy reads on read threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-threads-'));
  let store: CaseStore;
  const grids = new Set<string>();
  const period = { from: FIXTURE_EPOCH_MS, to: FIXTURE_EPOCH_MS + 86_400_000, now: FIXTURE_EPOCH_MS + 86_400_000 };

  beforeAll(async () => {
    store = await openSqliteCaseStore(join(dir, 'cases.db'));
    await store.migrate();
    // A day of cases over 12 districts and ~12,000 cells, half of them closed within the day.
    for (let b = 0; b < CASES; b += 5_000) {
      await store.insert(
        Array.from({ length: 5_000 }, (_, i) => {
          const n = b + i;
          const at = FIXTURE_EPOCH_MS + Math.floor((n * 86_400_000) / CASES / 2);
          const closed = n % 2 === 0 ? formatShanghai(at + 30 * MINUTE) : null;
          const area = fakeArea(String(410102 + (n % 12)), 1 + (n % 7), 1 + (n % 11), 1 + (n % 13));
          grids.add(area.grid);
          return makeCase(`R${String(n).padStart(8, '0')}`, at, {
            area,
            ...(closed ? { status: 'closed' as const, times: { reported: formatShanghai(at), registered: null, dispatched: null, accepted: null, handled: null, verified: null, closed } } : {}),
            deadline: formatShanghai(at + 60 * MINUTE),
          });
        }),
      );
    }
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * On the caller's thread a read would finish inside the call, and its answer would come before
   * any timer; on a read thread the event loop keeps turning meanwhile, so a timer due at once
   * fires first (the query over 20,000 cases takes far longer than the timer's 1 ms).
   */
  const answersAfterATimer = async (read: () => Promise<unknown>): Promise<string[]> => {
    const order: string[] = [];
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push('timer');
        resolve();
      }, 0),
    );
    await Promise.all([timer, read().then(() => order.push('answer'))]);
    return order;
  };

  it('counts KPIs per grid cell without holding the event loop, with the same figures', async () => {
    expect(await answersAfterATimer(() => store.kpiCounts(undefined, '410100', 'grid', period))).toEqual(['timer', 'answer']);
    const byGrid = await store.kpiCounts(undefined, '410100', 'grid', period);
    expect(new Set(byGrid.keys())).toEqual(grids);
    let received = 0;
    let closed = 0;
    for (const c of byGrid.values()) {
      received += c.received;
      closed += c.closed;
    }
    expect(received).toBe(CASES);
    expect(closed).toBe(CASES / 2);
  });

  it('counts the trend and lists cases without holding the event loop', async () => {
    expect(await answersAfterATimer(() => store.hourlyCounts(period.from, period.to))).toEqual(['timer', 'answer']);
    expect(await answersAfterATimer(() => store.query({ limit: 500, area: { level: 'district', code: '410105' } }))).toEqual(['timer', 'answer']);
    const { received, closed } = await store.hourlyCounts(period.from, period.to);
    const sum = (column: ArrayLike<number>) => Array.from(column).reduce((a, b) => a + b, 0);
    expect(sum(received.n)).toBe(CASES);
    expect(sum(closed.n)).toBe(CASES / 2);
    expect(new Set(Array.from(received.grid, String))).toEqual(grids);
    const page = await store.query({ limit: 500, area: { level: 'district', code: '410105' } });
    expect(page.items).toHaveLength(500);
    expect(page.total).toBe(Math.floor((CASES - 1 - 3) / 12) + 1);
  });

  it('answers many reads at once, each with its own figures, and sees a write once it is acknowledged', async () => {
    const districts = Array.from({ length: 12 }, (_, i) => String(410102 + i));
    const counts = await Promise.all(districts.map((d) => store.kpiCounts({ level: 'district', code: d }, d, undefined, period)));
    expect(counts.map((m, i) => m.get(districts[i]!)!.received)).toEqual(districts.map((_, i) => Math.floor((CASES - 1 - i) / 12) + 1));
    const before = await store.count();
    await store.insert([makeCase('R-LATE', FIXTURE_EPOCH_MS + 60 * MINUTE, { area: fakeArea('410105') })]);
    expect(await store.count()).toBe(before + 1);
    expect((await store.query({ limit: 500, area: { level: 'district', code: '410105' }, from: FIXTURE_EPOCH_MS + 60 * MINUTE, to: FIXTURE_EPOCH_MS + 61 * MINUTE })).items.map((c) => c.id)).toContain('R-LATE');
  });

  it('refuses reads once closed', async () => {
    const other = await openSqliteCaseStore(join(dir, 'cases.db'));
    expect(await other.count()).toBeGreaterThan(0);
    await other.close();
    await expect(other.count()).rejects.toThrow(/closed/);
  });
});

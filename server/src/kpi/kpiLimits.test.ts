import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { validCase } from '../testing/caseInputs.js';
import type { ApiClient, Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';
import { makeCase } from '../store/caseFixtures.js';
import { formatShanghai } from '../store/caseRow.js';
import type { CaseStore } from '../store/caseStore.js';
import { HEAVY_READS_PER_ACCOUNT } from './kpiRoutes.js';

const HOUR = 3_600_000;

describe('KPI reads: identical queries shared, heavy reads limited per account', () => {
  let server: TestServer;
  const monday = Date.parse('2026-11-23T00:00:00+08:00');
  let now = monday + 20 * HOUR;
  let area: Case['area'];
  let realKpiCounts: CaseStore['kpiCounts'] | undefined;
  /** Holds every store.kpiCounts call until released, counting them. */
  const gate = { calls: 0, release: () => {} };
  const hold = () => {
    gate.calls = 0;
    const opened = new Promise<void>((resolve) => (gate.release = resolve));
    const real = realKpiCounts!;
    server.store.kpiCounts = async (...args) => {
      gate.calls++;
      await opened;
      return real(...args);
    };
  };

  beforeAll(async () => {
    server = await startTestServer({ clock: { now: () => now }, scheduler: { every: () => () => {} } });
    area = (await server.api.post('/api/cases', validCase({ reportedAt: formatShanghai(monday - 30 * HOUR) }))).body.case.area;
    // Monday: 12 cases received in one grid cell, 5 of them closed on time (deadline 12:00, closed 11:00).
    const at = (h: number) => formatShanghai(monday + h * HOUR);
    const cases = Array.from({ length: 12 }, (_, i) =>
      makeCase(`L${String(i).padStart(25, '0')}`, monday + 8 * HOUR + i * 60_000, {
        area,
        ...(i < 5 ? { status: 'closed' as const, times: { reported: at(8), registered: at(8.1), dispatched: at(8.2), accepted: null, handled: at(10.5), verified: null, closed: at(11) }, deadline: at(12) } : {}),
      }),
    );
    await server.store.insert(cases);
    server.state.apply(cases);
    server.state.advance(now);
    realKpiCounts = server.store.kpiCounts.bind(server.store);
  });
  afterEach(() => {
    gate.release();
    if (realKpiCounts) server.store.kpiCounts = realKpiCounts;
  });
  afterAll(async () => server.close());

  it('answers identical KPI requests in flight with one query, each with the right figures', async () => {
    const worker = await server.as('grid_worker', area.grid);
    hold();
    // Today so far, asked three times a few ms apart: the later ones join the first's query.
    const answers: Promise<{ status: number; body: Json }>[] = [];
    for (let i = 0; i < 3; i++) {
      answers.push(worker.get('/api/kpis'));
      now += 7;
    }
    await until(() => server.kpis.shared.waiting === 3, 10_000, 'all three wait on the shared query');
    gate.release();
    const done = await Promise.all(answers);
    expect(gate.calls).toBe(1);
    for (const { status, body } of done) {
      expect(status).toBe(200);
      expect(body.area).toBe(area.grid);
      expect(body.counts).toMatchObject({ received: 12, registered: 5, dispatched: 5, due: 5, closed: 5, closedOnTime: 5 });
      expect(body.figures.registrationRate).toBeCloseTo(5 / 12);
      expect(body.figures.onTimeRate).toBe(1);
    }
    // One period for all: the counted one, reported as counted.
    expect(new Set(done.map((d) => d.body.period.to)).size).toBe(1);
    // Nothing is kept once answered: the next request counts afresh.
    expect(server.kpis.shared.waiting).toBe(0);
    expect((await worker.get('/api/kpis')).body.counts.received).toBe(12);
  });

  it(`runs at most ${HEAVY_READS_PER_ACCOUNT} KPI, trend and assessment requests per account at once; one more is a 429`, async () => {
    const busy = await server.as('analyst');
    const other = await server.as('analyst');
    hold();
    const q = (hour: number) => `from=${encodeURIComponent(formatShanghai(monday + hour * HOUR))}`;
    // Four different queries (no sharing): two periods of KPIs, two rankings.
    const running = [busy.get(`/api/kpis?${q(0)}`), busy.get(`/api/kpis?${q(1)}`), busy.get(`/api/assessment?level=district&${q(0)}`), busy.get(`/api/assessment?level=street&${q(0)}`)];
    await until(() => gate.calls === HEAVY_READS_PER_ACCOUNT, 10_000, 'four queries run');
    const refused = await fetch(`${server.url}/api/trend`, { headers: busy.headers });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as Json).error.message).toMatch(/at most 4 of GET \/api\/kpis, \/api\/kpis\/breakdown, \/api\/trend and \/api\/assessment running; wait for an answer/);
    // Another account is not held back by this one.
    const theirs = other.get(`/api/kpis?${q(2)}`);
    await until(() => gate.calls === HEAVY_READS_PER_ACCOUNT + 1, 10_000, "the other account's query runs");
    gate.release();
    const answers = await Promise.all([...running, theirs]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0]!.body.counts.received).toBe(12);
    expect(answers[4]!.body.counts.received).toBe(12);
    // Answered, the slots are free again.
    expect((await busy.get('/api/trend')).status).toBe(200);
  });

  it('lets requests abandoned by their clients hold their slots until their queries end', async () => {
    const client: ApiClient = await server.as('analyst');
    hold();
    const aborts = Array.from({ length: HEAVY_READS_PER_ACCOUNT }, () => new AbortController());
    const abandoned = aborts.map((c, i) => fetch(`${server.url}/api/kpis?from=${encodeURIComponent(formatShanghai(monday + i * HOUR))}`, { headers: client.headers, signal: c.signal }).catch(() => null));
    await until(() => gate.calls === HEAVY_READS_PER_ACCOUNT, 10_000, 'four queries run');
    for (const c of aborts) c.abort();
    await Promise.all(abandoned);
    expect((await client.get('/api/kpis')).status).toBe(429);
    gate.release();
    await until(() => server.kpis.shared.waiting === 0, 10_000, 'the abandoned queries end');
    expect((await client.get('/api/kpis')).status).toBe(200);
  });
});

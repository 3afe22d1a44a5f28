import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AreaSnapshot } from '../../../shared/src/live/events.js';
import { HOUR_MS } from '../../../shared/src/kpi/trend.js';
import { validCase } from '../testing/caseInputs.js';
import type { Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { formatShanghai } from '../store/caseRow.js';

/**
 * The trend of a server that has just started on a fresh store: the simulator fills the past
 * hours while the server already runs (its first KPI refresh came before them), and the wall's
 * first trend must already count them in their own hours, not only the current hour.
 */
describe('the 24-hour trend right after start', () => {
  let server: TestServer;
  // A fixed clock: no whole-window recount (once a minute) can hide a missed hour.
  const now = Date.parse('2026-11-23T15:20:00+08:00');
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    // Timers never fire: the test drives the one refresh the 5 s timer would run.
    server = await startTestServer({ clock: { now: () => now }, scheduler: { every: () => () => {} }, simulator: { rate: 1, seed: 'trend-at-start', backfillHours: 3 } });
  });
  afterAll(async () => server?.close());

  async function firstSnapshot(area: string): Promise<AreaSnapshot> {
    const socket: Socket = connect(server.url, { auth: { token: server.api.token }, transports: ['websocket'] });
    try {
      return await new Promise<AreaSnapshot>((resolve, reject) => {
        socket.once('area:snapshot', resolve);
        socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area }, (r: Json) => (r.ok ? undefined : reject(new Error(r.message))));
      });
    } finally {
      socket.close();
    }
  }

  it('streams the backfilled hours in the first snapshot, equal to GET /api/trend', async () => {
    const api = (await server.api.get('/api/trend')).body;
    // The backfill spans 12:20 to 15:20: the three hours before the current one hold cases.
    expect(sum(api.received.slice(-4, -1))).toBeGreaterThan(100);
    const snapshot = await firstSnapshot(server.model.cityCode);
    expect(snapshot.trend).toEqual(api);
  });

  it('counts a case reported hours late at the next refresh, not a minute later', async () => {
    const late = await server.api.post('/api/cases', validCase({ reportedAt: formatShanghai(now - 5 * HOUR_MS) }));
    expect(late.status).toBe(201);
    await server.liveKpis.refresh();
    const api = (await server.api.get('/api/trend')).body;
    expect(server.liveKpis.trendOf(server.model.cityCode)).toEqual(api);
    const district = late.body.case.area.district as string;
    const trend = server.liveKpis.trendOf(district)!;
    expect(trend).toEqual((await server.api.get(`/api/trend?area=${district}`)).body);
    expect(trend.received.at(-6)).toBeGreaterThanOrEqual(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCase } from '../testing/caseInputs.js';
import type { ApiClient } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { formatShanghai } from '../store/caseRow.js';

const HOUR = 3_600_000;

/**
 * Yesterday's KPIs beside today's (the leaders' tablet): GET /api/kpis with the Beijing day before
 * as from/to counts that day's cases only, cut to the caller's area like today's.
 */
describe('GET /api/kpis for the previous day', () => {
  let server: TestServer;
  // Tuesday 2026-11-24 09:00 Beijing time; yesterday is Monday the 23rd.
  const today = Date.parse('2026-11-24T00:00:00+08:00');
  const now = today + 9 * HOUR;
  const clock = { now: () => now };
  let district: string;
  let commander: ApiClient, otherCommander: ApiClient;
  const yesterday = { from: '2026-11-23T00:00:00+08:00', to: '2026-11-24T00:00:00+08:00' };
  const kpis = (who: ApiClient, area: string, period?: { from: string; to: string }) =>
    who.get(`/api/kpis?${new URLSearchParams({ area, ...(period ?? {}) }).toString()}`);

  beforeAll(async () => {
    server = await startTestServer({ clock, scheduler: { every: () => () => {} } });
    // Three cases yesterday (one just before midnight), two today, one the day before yesterday.
    for (const at of [today - 20 * HOUR, today - 5 * HOUR, today - 60_000, today + HOUR, today + 8 * HOUR, today - 30 * HOUR]) {
      const res = await server.api.post('/api/cases', validCase({ reportedAt: formatShanghai(at) }));
      expect(res.status).toBe(201);
      district = res.body.case.area.district;
    }
    commander = await server.as('commander', district);
    otherCommander = await server.as('commander', district === '410103' ? '410105' : '410103');
  });
  afterAll(async () => server.close());

  it('counts the whole of yesterday (Beijing day), apart from today so far', async () => {
    const before = await kpis(commander, district, yesterday);
    expect(before.status).toBe(200);
    expect(before.body.figures.received).toBe(3);
    expect(before.body.period).toEqual({ from: formatShanghai(today - 24 * HOUR), to: formatShanghai(today) });
    const now = await kpis(commander, district);
    expect(now.body.figures.received).toBe(2);
    // The figure's case list is the same day's cases.
    const listed = await commander.get(before.body.cases.received);
    expect(listed.body.total).toBe(3);
  });

  it('is cut to the caller\'s area: another district is a 403, naming area', async () => {
    const res = await kpis(otherCommander, district, yesterday);
    expect(res.status).toBe(403);
    expect(res.body.error.field).toBe('area');
  });

  it('refuses a period that is not one, naming the field', async () => {
    const res = await kpis(commander, district, { from: yesterday.to, to: yesterday.from });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('from');
  });
});

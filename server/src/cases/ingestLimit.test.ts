import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCase } from '../testing/caseInputs.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { INGEST_REQUESTS_PER_SECOND } from './caseRoutes.js';

/**
 * The submission limit runs on the server's clock, so a test holds time still: exactly a second's
 * worth of requests passes whatever the machine's speed, then time moves and the account may
 * submit again.
 */
describe('submissions per account (POST /api/cases)', () => {
  let server: TestServer;
  let now = Date.parse('2026-11-23T10:00:00+08:00');
  beforeAll(async () => {
    server = await startTestServer({ clock: { now: () => now }, scheduler: { every: () => () => {} } });
  });
  afterAll(async () => server.close());

  it('passes a second’s worth at once, refuses the rest with 429 and Retry-After, and slows no other account', async () => {
    const source = await server.as('operator', '410105');
    const extra = 20;
    const answers = await Promise.all(Array.from({ length: INGEST_REQUESTS_PER_SECOND + extra }, () => source.post('/api/cases', validCase())));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(INGEST_REQUESTS_PER_SECOND);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(extra);
    expect(refused[0]!.body.error).toMatchObject({ status: 429, field: 'body' });
    expect(refused[0]!.body.error.message).toMatch(/a second per account/);
    // Another account is not slowed by it.
    expect((await server.api.post('/api/cases', validCase())).status).toBe(201);
    // 100 ms later, a tenth of a second's worth is back.
    now += 100;
    const later = await Promise.all(Array.from({ length: 15 }, () => source.post('/api/cases', validCase())));
    expect(later.filter((a) => a.status === 201)).toHaveLength(INGEST_REQUESTS_PER_SECOND / 10);
  });
});

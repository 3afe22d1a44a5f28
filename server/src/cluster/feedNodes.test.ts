import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCase } from '../testing/caseInputs.js';
import { recordingClient } from '../testing/liveClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';
import { dropSchema } from '../testing/pgSchema.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: live state across nodes from the change feed — set DATABASE_URL=postgres://... to run them');

/** Two nodes on one PostgreSQL schema: each keeps its live state from the committed changes. */
describe.skipIf(!databaseUrl)('live state across nodes (change feed)', () => {
  const schema = `feed_nodes_test_${randomBytes(6).toString('hex')}`;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer({ databaseUrl, databaseSchema: schema });
    b = await startTestServer({ databaseUrl, databaseSchema: schema });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropSchema(databaseUrl, schema);
  });

  it('a case posted to B reaches a subscriber on A; its transitions too; both nodes count the same', async () => {
    const city = a.model.cityCode;
    const client = recordingClient(a.url, a.api.token);
    try {
      expect(await client.subscribe(city)).toMatchObject({ ok: true });
      const posted = await b.api.post('/api/cases', validCase({ description: '跨节点上报' }));
      expect(posted.status).toBe(201);
      const id = posted.body.id as string;
      await until(() => client.deltas.some((d) => d.newCases.some((c) => c.id === id)), 10_000, 'the case on A');
      const registered = await b.api.post(`/api/cases/${id}/actions`, { type: 'register' });
      expect(registered.status).toBe(201);
      await until(() => client.deltas.some((d) => d.changedCases.some((c) => c.id === id && c.status === 'registered')), 10_000, 'its registration on A');
      // A burst on both nodes; afterwards the two live states agree.
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).api.post('/api/cases', validCase({ description: `批量 ${i}` }))));
      expect(burst.every((r) => r.status === 201)).toBe(true);
      await until(() => a.state.openCases === 21 && b.state.openCases === 21, 10_000, 'both nodes to count 21 open cases');
      expect(a.state.aggregate(city)).toEqual(b.state.aggregate(city));
      expect(a.state.aggregate('410105')).toEqual(b.state.aggregate('410105'));
    } finally {
      client.socket.disconnect();
    }
  });
});

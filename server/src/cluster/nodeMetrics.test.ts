import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingClient } from '../testing/liveClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { validCase } from '../testing/caseInputs.js';
import { until } from '../testing/until.js';
import { NodeMetrics } from './nodeMetrics.js';

const TOKEN = 'metrics-token-0123456789';

/** One sample's value from Prometheus text (the first line that starts with `series`). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics access', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.set('trust proxy', 'loopback');
    // The operations network here is 10.20.0.0/16; requests come from loopback, and an
    // X-Forwarded-For (trusted from loopback) stands for a client behind the balancer.
    app.use(new NodeMetrics().routes({ allow: ['10.20.0.0/16'], token: TOKEN }));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 403 outside the operations network without the token', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/METRICS_ALLOW.*METRICS_TOKEN/);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(403);
    expect((await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '10.21.0.5' } })).status).toBe(403);
  });

  it('answers within the operations network', async () => {
    const res = await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '10.20.7.5' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('answers the bearer token from anywhere', async () => {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('GET /metrics on a server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('counts ingest, store calls, sockets, subscriptions and deltas; loopback may read it by default', async () => {
    const before = await (await fetch(`${server.url}/metrics`)).text();
    expect(sample(before, 'city_cases_ingested_total')).toBe(0);
    expect(sample(before, 'city_leader')).toBe(1);
    expect(sample(before, 'city_live_sockets')).toBe(0);

    const client = recordingClient(server.url, server.api.token);
    try {
      await client.subscribe(server.model.cityCode);
      const posted = await server.api.post('/api/cases', [validCase(), validCase({ description: '占道经营' })]);
      expect(posted.status).toBe(201);
      await until(() => client.deltas.some((d) => d.newCases.length > 0), 10_000, 'a delta with the new cases');
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(sample(text, 'city_cases_ingested_total')).toBe(2);
      expect(sample(text, 'city_ingest_request_seconds_count{route="api"}')).toBe(1);
      expect(sample(text, 'city_store_query_seconds_count{op="insert"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'city_store_query_seconds_count{op="sql"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'city_live_sockets')).toBe(1);
      expect(sample(text, 'city_live_subscriptions')).toBe(1);
      expect(sample(text, 'city_live_deltas_sent_total')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'city_live_deltas_skipped_total')).toBe(0);
      expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
    } finally {
      client.socket.disconnect();
    }
  });
});

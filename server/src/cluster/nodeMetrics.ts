import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CaseStore } from '../store/caseStore.js';
import type { SqlExec } from '../store/sqlExec.js';
import { networkMatcher, type MetricsAccess } from './networks.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * This node's figures for Prometheus, on a registry of its own (several app instances in one
 * process, as in tests, do not share one). What the process does: event-loop lag, memory, GC
 * (prom-client's defaults); what the node serves: sockets, subscriptions, deltas sent and skipped;
 * what it takes in: cases ingested and how long a submission took; what it asks of the store; how
 * far it is behind the record (the change feed).
 */
export class NodeMetrics {
  readonly registry = new Registry();
  readonly casesIngested: Counter;
  readonly ingestSeconds: Histogram<'route'>;
  readonly storeSeconds: Histogram<'op'>;
  readonly feedLagSeconds: Gauge;
  readonly feedBehind: Gauge;
  readonly leader: Gauge;

  constructor() {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    const registers = [this.registry];
    this.casesIngested = new Counter({ name: 'city_cases_ingested_total', help: 'Cases accepted by this node (new, not resends)', registers });
    this.ingestSeconds = new Histogram({
      name: 'city_ingest_request_seconds',
      help: 'Time from a case submission request to its answer (stored and acknowledged)',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.storeSeconds = new Histogram({
      name: 'city_store_query_seconds',
      help: 'Time of each store call, by operation',
      labelNames: ['op'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.feedLagSeconds = new Gauge({ name: 'city_change_feed_lag_seconds', help: 'Age of the newest committed change this node has not applied yet (0 when caught up)', registers });
    this.feedBehind = new Gauge({ name: 'city_change_feed_behind', help: 'Committed changes this node has not applied yet', registers });
    this.leader = new Gauge({ name: 'city_leader', help: '1 while this node runs the once-per-city jobs', registers });
  }

  /** Sockets and area subscriptions (read from Socket.IO), deltas sent and skipped (the hub's counts), when scraped. */
  watchLive(io: { of(ns: '/'): { sockets: { size: number }; adapter: { rooms: Map<string, Set<string>> } } }, hub: { readonly deltasSent: number; readonly deltasSkipped: number }, roomPrefix: string): void {
    const registers = [this.registry];
    new Counter({
      name: 'city_live_deltas_sent_total',
      help: 'Area deltas written to this node’s own subscribers',
      registers,
      collect() {
        this.reset();
        this.inc(hub.deltasSent);
      },
    });
    new Counter({
      name: 'city_live_deltas_skipped_total',
      help: 'Area deltas a subscriber missed because its connection was still writing (it resyncs on the gap)',
      registers,
      collect() {
        this.reset();
        this.inc(hub.deltasSkipped);
      },
    });
    new Gauge({
      name: 'city_live_sockets',
      help: 'Socket.IO connections on this node',
      registers,
      collect() {
        this.set(io.of('/').sockets.size);
      },
    });
    new Gauge({
      name: 'city_live_subscriptions',
      help: 'Area subscriptions held by this node’s connections',
      registers,
      collect() {
        let n = 0;
        for (const [room, members] of io.of('/').adapter.rooms) if (room.startsWith(roomPrefix)) n += members.size;
        this.set(n);
      },
    });
  }

  /** The store with every call timed (its small-table SQL as op "sql"). */
  timedStore(store: CaseStore): CaseStore {
    const seconds = this.storeSeconds;
    const time = <T>(op: string, call: () => Promise<T>): Promise<T> => {
      const end = seconds.startTimer({ op });
      return call().finally(() => end());
    };
    const sql: SqlExec = {
      dialect: store.sql.dialect,
      run: (text, params) => time('sql', () => store.sql.run(text, params)),
      all: <T>(text: string, params?: unknown[]) => time('sql', () => store.sql.all<T>(text, params)),
    };
    return new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'sql') return sql;
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function' || typeof key !== 'string' || key === 'close' || key === 'constructor') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (!(result instanceof Promise)) return result;
          const end = seconds.startTimer({ op: key });
          return result.finally(() => end());
        };
      },
    });
  }

  /**
   * GET /metrics for the allowed networks or the token (else 403), and the timing of case
   * submissions (POST /api/cases, POST /open311/v2/requests) from request to answer.
   */
  routes(access: MetricsAccess): express.Router {
    const allowed = networkMatcher(access.allow);
    const token = access.token === null ? null : digest(access.token);
    const router = express.Router();
    router.get('/metrics', (req, res, next) => {
      const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      const byToken = token !== null && bearer !== undefined && timingSafeEqual(digest(bearer), token);
      if (!byToken && !allowed(req.ip)) {
        res.status(403).type('text/plain').send('metrics are for the operations network (METRICS_ALLOW) or a bearer token (METRICS_TOKEN)\n');
        return;
      }
      this.registry.metrics().then((text) => {
        res.set('cache-control', 'no-store').type(this.registry.contentType).send(text);
      }, next);
    });
    router.use((req, res, next) => {
      if (req.method === 'POST' && (req.path === '/api/cases' || req.path === '/open311/v2/requests.json' || req.path === '/open311/v2/requests')) {
        const end = this.ingestSeconds.startTimer({ route: req.path.startsWith('/api') ? 'api' : 'open311' });
        res.once('finish', () => end());
      }
      next();
    });
    return router;
  }
}

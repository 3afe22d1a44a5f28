import { mkdirSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { Server } from 'socket.io';
import { AreaResolver } from '../../shared/src/city/resolver.js';
import { assigneeArea, dispatchTarget } from '../../shared/src/cases/dispatchRules.js';
import { SlaPolicy } from '../../shared/src/sla/slaPolicy.js';
import { buildRoster } from '../../shared/src/staff/buildRoster.js';
import type { Roster } from '../../shared/src/staff/roster.js';
import { buildPartyModel } from '../../shared/src/party/buildPartyModel.js';
import { DEFAULT_PARTY_CONFIG, type PartyConfig } from '../../shared/src/party/partyConfig.js';
import type { PartyModel } from '../../shared/src/party/partyModel.js';
import type { CityModel } from '../../shared/src/city/cityModel.js';
import { STAFF_TICK_MS, StaffState } from './staff/staffState.js';
import { loadCity, type LoadedCity } from '../../fixtures/loadCity.js';
import { createApp } from './app.js';
import { DEFAULT_MAP_LIMITS } from './mapData/mapDataRoutes.js';
import { CaseIngest, type Clock } from './cases/caseIngest.js';
import { createIdGenerator } from './cases/caseId.js';
import { CaseLoop } from './cases/caseLoop.js';
import { AREA_ROOM_PREFIX, LiveHub, realScheduler, type LiveServer, type Scheduler } from './live/liveHub.js';
import { LiveState } from './live/liveState.js';
import { LiveAccess } from './live/liveAccess.js';
import { KpiService } from './kpi/kpiService.js';
import { AuthService } from './auth/authService.js';
import { credentialOf, crossSiteRefusal } from './auth/authMiddleware.js';
import { can } from '../../shared/src/access/principal.js';
import { ensureDemoAccounts } from './auth/demoAccounts.js';
import { KPI_REFRESH_MS, LiveKpis } from './kpi/liveKpis.js';
import { formatShanghai } from './store/caseRow.js';
import { DEFAULT_ASSESSMENT, type AssessmentConfig } from '../../shared/src/kpi/assessment.js';
import { Simulator } from './sim/simulator.js';
import { writeHistory } from './sim/history.js';
import type { CaseStore, LiveRow } from './store/caseStore.js';
import { OPEN_STATUSES, type Case } from '../../shared/src/cases/caseModel.js';
import { openPostgresCaseStore } from './store/postgresCaseStore.js';
import { openSqliteCaseStore } from './store/sqliteCaseStore.js';
import type { Basemap } from './wall/basemap.js';
import { SceneStore } from './steer/sceneStore.js';
import { RedisSteerRecords } from './steer/redisSteerRecords.js';
import { MemorySteerRecords } from './steer/steerRecords.js';
import { DEFAULT_STEER_IDLE_MS, SteerService } from './steer/steerService.js';
import { steerSockets } from './steer/steerSockets.js';
import { WallDevices } from './steer/wallDevices.js';
import { PgAdvisoryLeader, SoleLeader, type Leadership } from './cluster/leadership.js';
import { NodeMetrics } from './cluster/nodeMetrics.js';
import { LOOPBACK_ONLY, type MetricsAccess } from './cluster/networks.js';
import { openRedis, redisPrefix, type RedisLink } from './cluster/redisLink.js';
import { ChangeFeed, FEED_PRUNE_MS, type FeedChanges } from './cluster/changeFeed.js';
import { ClusterAuthEvents } from './cluster/clusterAuthEvents.js';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { RedisKeyedBuckets } from './limits/redisBuckets.js';
import { RedisNameLocks } from './limits/redisNameLocks.js';
import { RedisWindowStore } from './limits/redisWindow.js';
import { INGEST_REQUESTS_PER_SECOND } from './cases/caseRoutes.js';
import { servedBuild } from './static/buildInfo.js';
import type { Hello } from '../../shared/src/live/events.js';

export interface ServerOptions {
  port: number;
  host?: string;
  /** Embedded SQLite lives here (cases.db) unless databaseUrl is given. */
  dataDir: string;
  databaseUrl?: string | undefined;
  /** With PostgreSQL: the schema holding the tables (DATABASE_SCHEMA; created if missing); unset: the connection's search_path. */
  databaseSchema?: string | undefined;
  city?: LoadedCity;
  clientDir?: string;
  logger?: Logger;
  clock?: Clock;
  scheduler?: Scheduler;
  simulator?: { rate: number; seed: string; backfillHours?: number } | null;
  /** Days of simulated history a new, empty store starts with (HISTORY_DAYS), followed by the simulator's backfill hours, all written in batches up to now; 0 or unset: none (the simulator then plays its backfill). */
  historyDays?: number;
  /** SLA rules; the defaults of shared/src/sla/slaConfig.ts unless given (SLA_CONFIG). */
  sla?: SlaPolicy;
  /** Assessment weights and thresholds; shared/src/kpi/assessment.ts defaults unless given. */
  assessment?: AssessmentConfig;
  /** The party organisation's rules; shared/src/party/partyConfig.ts defaults unless given (PARTY_CONFIG). */
  party?: PartyConfig;
  /** Create demo accounts and a wall device on a fresh installation (not in production). */
  demoAccounts?: boolean;
  /** Behind a TLS-terminating proxy: which hops to trust (client address, https for Secure cookies). */
  trustProxy?: string | number;
  /** A basemap style on the user's network (BASEMAP_STYLE_URL); unset: the offline basemap. */
  basemap?: Basemap | null;
  /** Points one map-columns or replay answer holds at most (MAP_MAX_POINTS); default 200,000. */
  mapMaxPoints?: number;
  /** Rows a CSV or XLSX export holds at most, beyond them a 413; default CSV 10,000, XLSX 50,000 (a test sets a few). */
  exportMaxRows?: { csv?: number; xlsx?: number };
  /** A wall's controller quiet this long loses it and the wall returns to its own tour (STEER_IDLE_MINUTES; default 10 min). */
  steerIdleMs?: number;
  /** With PostgreSQL: how often a node asks to lead the once-per-city jobs (LEADER_POLL_MS). */
  leaderPollMs?: number;
  /** Who may read GET /metrics (METRICS_ALLOW, METRICS_TOKEN); default: loopback only. */
  metrics?: MetricsAccess;
  /** REDIS_URL: several nodes share the per-account limits here; unset: in memory (one process). */
  redisUrl?: string | undefined;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: HttpServer;
  /** The HTTP app (createApp): a test walks its routes. */
  app: ReturnType<typeof createApp>;
  io: LiveServer;
  store: CaseStore;
  state: LiveState;
  hub: LiveHub;
  auth: AuthService;
  model: CityModel;
  loop: CaseLoop;
  kpis: KpiService;
  liveKpis: LiveKpis;
  roster: Roster;
  staff: StaffState;
  party: PartyModel;
  simulator: Simulator | null;
  /** Whether this node runs the once-per-city jobs (the simulator): always with SQLite, by advisory lock with PostgreSQL. */
  leadership: Leadership;
  /** This node's Prometheus figures (GET /metrics). */
  metrics: NodeMetrics;
  /** Demo mode: the wall's device link (path and query), when the demo accounts file has one. */
  demoWall: string | null;
  /** The client build this server serves (client/dist/build.json) and the protocol it speaks: each connection's `live:hello`. */
  build: Hello;
  close(): Promise<void>;
}

/** Wires the real parts (city, store, live state, stream, simulator) and listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const clock = options.clock ?? { now: () => Date.now() };
  const scheduler = options.scheduler ?? realScheduler;
  const t0 = Date.now();
  const city = options.city ?? loadCity();
  const resolver = AreaResolver.fromModel(city.model);
  logger.info({ ms: Date.now() - t0, grids: resolver.size }, 'city model loaded');

  mkdirSync(options.dataDir, { recursive: true });
  const opened = options.databaseUrl ? await openPostgresCaseStore(options.databaseUrl, options.databaseSchema ? { schema: options.databaseSchema } : {}) : await openSqliteCaseStore(join(options.dataDir, 'cases.db'));
  const metrics = new NodeMetrics();
  const redis: RedisLink | null = options.redisUrl ? await openRedis(options.redisUrl, (err) => logger.error({ err }, 'Redis')) : null;
  const prefix = redisPrefix(city.model.cityCode, options.databaseSchema);
  const ingestLimiter = redis ? new RedisKeyedBuckets(redis, `${prefix}ingest:`, INGEST_REQUESTS_PER_SECOND, INGEST_REQUESTS_PER_SECOND, () => clock.now()) : null;
  const store = metrics.timedStore(opened);
  await store.migrate();
  const t3 = Date.now();
  const roster = buildRoster(city.model);
  const staff = new StaffState(city.model, roster, clock.now());
  logger.info({ workers: roster.workers.length, ms: Date.now() - t3 }, 'staff roster built');
  const t4 = Date.now();
  const party = buildPartyModel(city.model, roster, options.party ?? DEFAULT_PARTY_CONFIG);
  logger.info({ members: party.summary(city.model.cityCode)!.members.total, centres: party.centres.length, ms: Date.now() - t4 }, 'party organisation built');
  // A history cut short by a crash or a kill is no history: removed here, so the store is empty again.
  if (await store.discardUnfinishedHistory()) logger.warn('an unfinished simulated history (a start cut short) was discarded');
  // A new, empty store: its history first (the live state is then rebuilt with it). The history
  // takes in the simulator's backfill hours too, up to now: the batch path writes them at about a
  // thirtieth of what playing them minute by minute through the live paths cost, and the simulator
  // then picks up the cases still open (resume, below).
  const emptyStore = (await store.count()) === 0;
  const historyDays = emptyStore && options.historyDays ? options.historyDays + (options.simulator?.backfillHours ?? 0) / 24 : 0;
  if (historyDays > 0) {
    const t5 = Date.now();
    const end = clock.now();
    try {
      // Days are generated on the cores beyond the main thread's and the store writer's, by threads
      // that load the default city and SLA rules (none on 2 cores: both are busy already).
      const threads = options.city || options.sla ? 0 : Math.max(0, availableParallelism() - 2);
      const written = await writeHistory({ model: city.model, resolver, store, sla: options.sla ?? SlaPolicy.default(), roster }, { days: historyDays, end, seed: options.simulator?.seed ?? 'zhengzhou', threads });
      logger.info({ days: options.historyDays, backfillHours: options.simulator?.backfillHours ?? 0, threads, cases: written.cases, events: written.events, open: written.open, ms: Date.now() - t5 }, 'simulated history written to an empty store');
    } catch (err) {
      // Another server process on the same PostgreSQL database wrote the same history first (same ids).
      if ((await store.count()) === 0) throw err;
      logger.warn({ err }, 'simulated history not written: the store has cases now (another node wrote them)');
    }
  }
  const state = new LiveState(city.model, clock.now());
  const t1 = Date.now();
  // With PostgreSQL every node keeps its live state from the committed changes in commit order
  // (cluster/changeFeed.ts), its own writes included; the rebuild fixes where it starts following.
  const feed = options.databaseUrl
    ? new ChangeFeed({
        url: options.databaseUrl,
        schema: options.databaseSchema,
        scheduler,
        clock,
        onChanges: (changes) => onFeed(changes),
        onLag: (behind, seconds) => {
          metrics.feedBehind.set(behind);
          metrics.feedLagSeconds.set(seconds);
        },
        onError: (err) => logger.warn({ err }, 'change feed: reconnecting'),
      })
    : null;
  await feed?.install();
  const rebuilt = await (feed ? feed.rebuild(20_000, (rows) => rebuildRows(rows)) : store.scanLive(20_000, (rows) => rebuildRows(rows)));
  function rebuildRows(rows: LiveRow[]): void {
    state.applyStored(rows);
    for (const row of rows) if (row[7] !== null && OPEN_STATUSES.has(row[1]) && row[7].startsWith('W')) staff.assign(row[0], row[7]);
  }
  state.advance(clock.now());
  state.drain();
  // The rebuild leaves its garbage (hundreds of MB for millions of rows) behind in a heap an idle
  // server would not collect for a long time; collect it now when the runtime allows (--expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  logger.info({ cases: rebuilt, openCases: state.openCases, ms: Date.now() - t1, store: store.kind }, 'live state rebuilt from the store');

  const sla = options.sla ?? SlaPolicy.default();
  const onListenerError = (err: unknown) => logger.error({ err }, 'live listener failed');
  const ingest = new CaseIngest({ store, resolver, model: city.model, clock, sla, newId: createIdGenerator(clock.now), onListenerError });
  if (!feed) ingest.onAccepted((cases) => state.apply(cases));
  ingest.onAccepted((cases) => metrics.casesIngested.inc(cases.length));
  const routeDispatch = (c: Case, now: number) => {
    const r = dispatchTarget({ category: c.category, subcategory: c.subcategory, urgency: c.urgency, grid: c.area.grid }, roster, now);
    return { assignee: r.assignee, rule: `${r.assigneeName}（规则 ${r.rule}${r.fallback ? `，替补 ${r.fallback}` : ''}）` };
  };
  const partyHolder = (assignee: string) => {
    const kind = roster.byId(assignee)?.kind;
    return kind === 'party_volunteer' || kind === 'cadre';
  };
  const loop = new CaseLoop({ store, model: city.model, sla, clock, routeDispatch, assigneeArea: (assignee) => assigneeArea(assignee, roster), partyHolder, onListenerError });
  const followStaff = (after: Case) => {
    if (!OPEN_STATUSES.has(after.status) || after.assignee === null || !after.assignee.startsWith('W')) staff.release(after.id);
    else staff.assign(after.id, after.assignee);
  };
  if (!feed)
    loop.onTransition((applied) => {
      state.update(applied.map((a) => a.after));
      for (const { after } of applied) followStaff(after);
    });

  const kpis = new KpiService({ model: city.model, store, state, format: formatShanghai, roster, staff });
  const assessment = options.assessment ?? DEFAULT_ASSESSMENT;
  const liveKpis = new LiveKpis({ model: city.model, store, kpis, clock, assessment });
  // Cases dated before the current hour (late reports, the backfill) reach the trend at the next refresh.
  if (!feed) {
    ingest.onAccepted((cases) => liveKpis.noteIngested(cases));
    loop.onTransition((applied) => liveKpis.noteChanged(applied.map((a) => a.after)));
  }
  // What the local listeners above do in one process, every node does for each committed change.
  function onFeed({ inserted, updated }: FeedChanges): void {
    if (inserted.length > 0) {
      state.apply(inserted);
      for (const c of inserted) if (c.assignee !== null) followStaff(c);
      liveKpis.noteIngested(inserted);
    }
    if (updated.length > 0) {
      state.update(updated);
      for (const c of updated) followStaff(c);
      liveKpis.noteChanged(updated);
    }
  }
  await liveKpis.refresh();
  feed?.start();

  // With Redis, an account's or session's change reaches the sockets held by every node.
  const authEvents = redis ? new ClusterAuthEvents() : null;
  // With Redis, sign-in failures of names without an account and attempts per address count on every node.
  const auth = new AuthService({ sql: store.sql, clock, model: city.model, roster, ...(authEvents ? { events: authEvents } : {}), ...(redis ? { nameLocks: new RedisNameLocks(redis, `${prefix}sign-in-name:`) } : {}) });
  const signInStore = redis ? new RedisWindowStore(redis, `${prefix}sign-in-address:`) : null;
  const demoWall = options.demoAccounts ? await ensureDemoAccounts(auth, city.model, options.dataDir, logger, roster) : null;

  const steer = new SteerService({
    model: city.model,
    auth,
    store,
    scenes: new SceneStore(store.sql),
    devices: new WallDevices(store.sql, city.model.cityCode),
    // Clustered, every node sees one lock and steered state per wall (Redis); alone, this process's.
    records: redis ? new RedisSteerRecords(redis, `${prefix}steer:`, () => clock.now()) : new MemorySteerRecords(),
    clock,
    idleMs: options.steerIdleMs ?? DEFAULT_STEER_IDLE_MS,
    onError: (err) => logger.error({ err }, 'wall steering failed'),
  });
  // Read once: a screen told this build at connect reloads if it runs another.
  const build = servedBuild(options.clientDir, logger);
  const app = createApp({ build, ...(ingestLimiter ? { ingestLimiter } : {}), ...(signInStore ? { signInStore } : {}), metricsRoutes: metrics.routes(options.metrics ?? { allow: [...LOOPBACK_ONLY], token: null }), city, resolver, logger, store, ingest, loop, clock, roster, staff, party, state, kpis, assessment, auth, sla, steer, basemap: options.basemap ?? null, ...(options.mapMaxPoints ? { mapLimits: { ...DEFAULT_MAP_LIMITS, maxPoints: options.mapMaxPoints } } : {}), ...(options.exportMaxRows ? { exportMaxRows: options.exportMaxRows } : {}), ...(options.clientDir ? { clientDir: options.clientDir } : {}) });
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  const httpServer = createServer(app);
  const io: LiveServer = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  if (redis) {
    // Commands to a socket or room on another node (wall steering, ending a disabled account's
    // sockets) go through Redis streams; deltas do not: each node computes its own subscribers'
    // (io.local in the hub).
    io.adapter(createAdapter(redis, { streamName: `${prefix}socket.io` }));
    authEvents!.attach(io, (err) => logger.warn({ err }, 'auth change from another node'));
  }
  // A socket signs in like a request: the wall's or user's session cookie, or auth.token.
  io.use((socket, next) => {
    const handshakeToken = (socket.handshake.auth as { token?: unknown }).token;
    const credential = typeof handshakeToken === 'string' ? { token: handshakeToken, kinds: ['session', 'device', 'api_key'] as const, ambient: false } : credentialOf(socket.request);
    if (!credential) return next(new Error('unauthorized: sign in first, or connect with a device token'));
    const crossSite = crossSiteRefusal(socket.request, credential, true);
    if (crossSite) return next(new Error(`forbidden: ${crossSite}`));
    auth.session(credential.token, credential.kinds).then(
      (session) => {
        if (!session || session.principal.kind === 'machine') return next(new Error('unauthorized: the session or token is not valid'));
        const principal = session.principal;
        socket.data.scope = principal.scope;
        socket.data.canRead = can(principal, 'read');
        access.admit(socket, session);
        next();
      },
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  });
  const hub = new LiveHub(io, { model: city.model, state, store, clock, scheduler, kpis: liveKpis, staff, hello: build, onError: (err) => logger.error({ err }, 'live snapshot failed') });
  // Open sockets follow their account: ended or narrowed when it or their session changes.
  const access = new LiveAccess({ auth, hub, clock, scheduler, onError: (err) => logger.error({ err }, 'live socket check failed') });
  hub.onRefused = (socket, area, message) => {
    void auth
      .audit(access.principalOf(socket), socket.handshake.address ?? null, { action: 'access:subscribe', outcome: 'refused', target: area, detail: { reason: message } })
      .catch((err: unknown) => logger.error({ err }, 'audit write failed'));
  };
  metrics.watchLive(io, hub, AREA_ROOM_PREFIX);
  hub.start();
  access.start();
  const stopSteer = steerSockets(io, steer, { principalOf: (socket) => access.principalOf(socket), clock, scheduler, onError: (err) => logger.error({ err }, 'wall steering failed') });
  const stopKpis = scheduler.every(KPI_REFRESH_MS, () => void liveKpis.refresh().catch((err: unknown) => logger.error({ err }, 'live KPI refresh failed')));
  const stopStaff = scheduler.every(STAFF_TICK_MS, () => staff.tick(clock.now()));
  // The leader keeps the change feed to a day (a node away longer restarts and rebuilds).
  const stopPrune = scheduler.every(FEED_PRUNE_MS, () => {
    if (feed && leadership.isLeader) void feed.prune().catch((err: unknown) => logger.error({ err }, 'change feed prune failed'));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  // While the simulator backfills history, it (and only it) runs on a virtual clock.
  const virtual = { now: null as number | null };
  const simClock = { now: () => virtual.now ?? clock.now() };
  const simulator = options.simulator ? new Simulator({ model: city.model, ingest, loop, store, clock: simClock, scheduler }, options.simulator) : null;
  // Once-per-city jobs run on the leader only: this process with SQLite, one node of many with PostgreSQL.
  const leadership: Leadership = options.databaseUrl
    ? new PgAdvisoryLeader({ url: options.databaseUrl, name: `${city.model.cityCode}:${options.databaseSchema ?? ''}`, scheduler, ...(options.leaderPollMs ? { pollMs: options.leaderPollMs } : {}), onError: (err) => logger.warn({ err }, 'leader election') })
    : new SoleLeader();
  // Without a history, the backfill plays its hours once, on a store that was new at this start.
  let backfillDue = emptyStore && historyDays === 0;
  const lead = async () => {
    if (!simulator || !leadership.isLeader) return;
    if (options.simulator!.backfillHours && backfillDue) {
      backfillDue = false;
      const t2 = Date.now();
      await simulator.backfill(options.simulator!.backfillHours, virtual);
      logger.info({ hours: options.simulator!.backfillHours, cases: simulator.submitted, ms: Date.now() - t2 }, 'simulator backfilled an empty store');
      // The first walls see the backfilled day at once, not after the next 5 s refresh.
      await liveKpis.refresh();
    } else {
      // The steps another leader (or this process before a restart) had scheduled died with it:
      // take the open simulated cases from the store, so they keep moving.
      const picked = await simulator.resume();
      logger.info({ cases: picked }, 'simulator picked up the open simulated cases');
    }
    if (!leadership.isLeader) return;
    simulator.start();
    logger.info({ rate: options.simulator!.rate, perSecondNow: simulator.ratePerSecond(clock.now()).toFixed(2) }, 'simulator on (SIM=off to stop it)');
  };
  await leadership.ready();
  metrics.leader.set(leadership.isLeader ? 1 : 0);
  leadership.onChange((leader) => {
    metrics.leader.set(leader ? 1 : 0);
    logger.info({ leader }, leader ? 'this node leads the once-per-city jobs' : 'this node no longer leads the once-per-city jobs');
    if (leader) void lead().catch((err: unknown) => logger.error({ err }, 'starting the once-per-city jobs failed'));
    else simulator?.halt();
  });
  await lead();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    httpServer,
    app,
    io,
    store,
    state,
    hub,
    auth,
    model: city.model,
    loop,
    kpis,
    liveKpis,
    roster,
    staff,
    party,
    simulator,
    leadership,
    metrics,
    demoWall,
    build,
    close: async () => {
      simulator?.halt();
      await leadership.stop();
      hub.stop();
      access.stop();
      stopKpis();
      stopStaff();
      stopSteer();
      stopPrune();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await feed?.stop();
      await store.close();
      await redis?.close();
    },
  };
}

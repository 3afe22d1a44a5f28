import { mkdirSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { Server } from 'socket.io';
import { AreaResolver } from '../../shared/src/city/resolver.js';
import { loadCity, type LoadedCity } from '../../fixtures/loadCity.js';
import { createApp } from './app.js';
import { CaseIngest, type Clock } from './cases/caseIngest.js';
import { createIdGenerator } from './cases/caseId.js';
import { CaseProgress } from './cases/caseProgress.js';
import { LiveHub, realScheduler, type LiveServer, type Scheduler } from './live/liveHub.js';
import { LiveState } from './live/liveState.js';
import { Simulator } from './sim/simulator.js';
import type { CaseStore } from './store/caseStore.js';
import { openPostgresCaseStore } from './store/postgresCaseStore.js';
import { openSqliteCaseStore } from './store/sqliteCaseStore.js';

export interface ServerOptions {
  port: number;
  host?: string;
  /** Embedded SQLite lives here (cases.db) unless databaseUrl is given. */
  dataDir: string;
  databaseUrl?: string | undefined;
  city?: LoadedCity;
  clientDir?: string;
  logger?: Logger;
  clock?: Clock;
  scheduler?: Scheduler;
  simulator?: { rate: number; seed: string; backfillHours?: number } | null;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: HttpServer;
  io: LiveServer;
  store: CaseStore;
  state: LiveState;
  hub: LiveHub;
  simulator: Simulator | null;
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
  const store = options.databaseUrl ? await openPostgresCaseStore(options.databaseUrl) : await openSqliteCaseStore(join(options.dataDir, 'cases.db'));
  await store.migrate();
  const state = new LiveState(city.model, clock.now());
  const t1 = Date.now();
  const rebuilt = await store.scanLive(20_000, (rows) => state.applyStored(rows));
  state.advance(clock.now());
  state.drain();
  // The rebuild leaves its garbage (hundreds of MB for millions of rows) behind in a heap an idle
  // server would not collect for a long time; collect it now when the runtime allows (--expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  logger.info({ cases: rebuilt, openCases: state.openCases, ms: Date.now() - t1, store: store.kind }, 'live state rebuilt from the store');

  const ingest = new CaseIngest({ store, resolver, model: city.model, clock, newId: createIdGenerator(clock.now), onListenerError: (err) => logger.error({ err }, 'live listener failed') });
  ingest.onAccepted((cases) => state.apply(cases));
  const progress = new CaseProgress({ store, state });

  const app = createApp({ city, resolver, logger, store, ingest, ...(options.clientDir ? { clientDir: options.clientDir } : {}) });
  const httpServer = createServer(app);
  const io: LiveServer = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  const hub = new LiveHub(io, { model: city.model, state, store, clock, scheduler });
  hub.start();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  // While the simulator backfills history, it (and only it) runs on a virtual clock.
  const virtual = { now: null as number | null };
  const simClock = { now: () => virtual.now ?? clock.now() };
  const simulator = options.simulator ? new Simulator({ model: city.model, ingest, progress, store, clock: simClock, scheduler }, options.simulator) : null;
  if (simulator && options.simulator!.backfillHours && (await store.count()) === 0) {
    const t2 = Date.now();
    await simulator.backfill(options.simulator!.backfillHours, virtual);
    logger.info({ hours: options.simulator!.backfillHours, cases: simulator.submitted, ms: Date.now() - t2 }, 'simulator backfilled an empty store');
  }
  simulator?.start();
  if (simulator) logger.info({ rate: options.simulator!.rate, perSecondNow: simulator.ratePerSecond(clock.now()).toFixed(2) }, 'simulator on (SIM=off to stop it)');

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    httpServer,
    io,
    store,
    state,
    hub,
    simulator,
    close: async () => {
      simulator?.halt();
      hub.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await store.close();
    },
  };
}

import express from 'express';
import type { Store } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { AreaResolver } from '../../shared/src/city/resolver.js';
import type { LoadedCity } from '../../fixtures/loadCity.js';
import { areaRoutes } from './areas/areaRoutes.js';
import { geoRoutes } from './areas/geoRoutes.js';
import type { CaseIngest, Clock } from './cases/caseIngest.js';
import type { CaseLoop } from './cases/caseLoop.js';
import { caseRoutes } from './cases/caseRoutes.js';
import { deskRoutes } from './desk/deskRoutes.js';
import { open311Routes } from './open311/open311Routes.js';
import { kpiRoutes } from './kpi/kpiRoutes.js';
import type { KpiService } from './kpi/kpiService.js';
import { staffRoutes } from './staff/staffRoutes.js';
import type { StaffState } from './staff/staffState.js';
import { partyRoutes } from './party/partyRoutes.js';
import type { PartyModel } from '../../shared/src/party/partyModel.js';
import type { LiveState } from './live/liveState.js';
import type { Roster } from '../../shared/src/staff/roster.js';
import type { AssessmentConfig } from '../../shared/src/kpi/assessment.js';
import { clientRoutes } from './static/clientRoutes.js';
import { signInRoutes } from './static/signInPage.js';
import type { CaseStore } from './store/caseStore.js';
import { errorHandler, notFound } from './http/errors.js';
import { noStore } from './http/cacheControl.js';
import { authenticate, clientIp, credentialOf, optionalPrincipal, principalOf } from './auth/authMiddleware.js';
import { authRoutes, deviceSignIn } from './auth/authRoutes.js';
import type { AuthService } from './auth/authService.js';
import type { SlaDeadlines } from '../../shared/src/cases/caseActions.js';
import type { Basemap } from './wall/basemap.js';
import type { KeyedLimiter } from './limits/tokenBucket.js';
import { wallConfigRoutes } from './wall/wallConfigRoutes.js';
import type { SteerService } from './steer/steerService.js';
import { steerRoutes } from './steer/steerRoutes.js';
import { mapDataRoutes, type MapDataLimits } from './mapData/mapDataRoutes.js';
import type { Hello } from '../../shared/src/live/events.js';
import { NO_BUILD } from './static/buildInfo.js';

export interface AppDeps {
  city: LoadedCity;
  resolver: AreaResolver;
  logger: Logger;
  store: CaseStore;
  ingest: CaseIngest;
  loop: CaseLoop;
  clock: Clock;
  roster: Roster;
  staff: StaffState;
  party: PartyModel;
  /** The live counts (超期未结 now) the party ratings read. */
  state: LiveState;
  kpis: KpiService;
  assessment: AssessmentConfig;
  auth: AuthService;
  sla: SlaDeadlines;
  /** A basemap style on the user's network (BASEMAP_STYLE_URL); null or omitted: the offline basemap. */
  basemap?: Basemap | null;
  /** Wall steering (大屏遥控): the walls of an area, commands, scenes. */
  steer: SteerService;
  /** The map's case columns and replay: points per answer (MAP_MAX_POINTS), events per replay; defaults when omitted. */
  mapLimits?: MapDataLimits;
  /** Rows an export holds at most (a 413 beyond): CSV 10,000 and XLSX 50,000 when omitted. */
  exportMaxRows?: { csv?: number; xlsx?: number };
  /** GET /metrics and the timing of case submissions (cluster/nodeMetrics.ts); omitted: no /metrics. */
  metricsRoutes?: express.RequestHandler;
  /** The per-account submission limit shared by every node (Redis); omitted: in memory (one process). */
  ingestLimiter?: KeyedLimiter;
  /** Sign-in attempts per address, counted in Redis for every node (REDIS_URL); in this process when omitted. */
  signInStore?: Store;
  /** Built client to serve; omitted in API-only tests. */
  clientDir?: string;
  /** The client build served and the live protocol spoken (static/buildInfo.ts), shown by GET /api/health; omitted: no build. */
  build?: Hello;
}

/**
 * Security headers with a strict Content-Security-Policy the wall runs under: scripts, styles,
 * fonts, data and sockets from this server only; maplibre's and deck.gl's workers from blob: URLs
 * (maplibre builds its worker that way); inline style attributes (React sets element styles);
 * no frames, no plugins, nobody may frame the wall. No upgrade-insecure-requests: walls on a
 * closed network are often served over plain HTTP.
 *
 * With a basemap on the user's network, its origins join connect-src (maplibre fetches the style,
 * tiles, glyphs and sprites, also from its worker, which is served from here under this same
 * policy) and img-src (raster tiles and sprites that fall back to <img>). Nothing else widens:
 * maplibre's worker stays our own file. Without one, the policy is exactly the offline one.
 */
export function securityHeaders(basemap: Basemap | null = null): express.RequestHandler {
  const remote = basemap?.origins ?? [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...remote],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...remote],
        objectSrc: ["'none'"],
        frameSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}

/** The composition root: every route and middleware, wired from injected parts. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders(deps.basemap ?? null));
  if (deps.metricsRoutes) app.use(deps.metricsRoutes);
  const api = express.Router();
  api.use(noStore);
  // A full batch of 1,000 cases with long descriptions fits; anything larger is a 413.
  api.use(express.json({ limit: '4mb' }));
  // What runs, for operators: the client build every screen is asked to run, and the live protocol.
  const build = deps.build ?? NO_BUILD;
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok', build: build.build, protocol: build.protocol });
  });
  api.use(authenticate(deps.auth));
  api.use(authRoutes({ auth: deps.auth, model: deps.city.model, ...(deps.signInStore ? { signInStore: deps.signInStore } : {}) }));
  // Everything below needs a signed-in account, a wall device or an API key.
  api.use((req, _res, next) => {
    principalOf(req);
    next();
  });
  // First of the account's routes: a KPI request over its account's in-flight limit is refused
  // (429) before any other router is walked (a script sends them 50 at a time).
  api.use(kpiRoutes({ model: deps.city.model, kpis: deps.kpis, store: deps.store, clock: deps.clock, assessment: deps.assessment }));
  api.use(areaRoutes(deps.city.model, deps.resolver));
  api.use(geoRoutes(deps.city.files, deps.city.model.cityCode));
  // Before the case routes: /cases/export.xlsx is not a case id.
  api.use(deskRoutes({ model: deps.city.model, store: deps.store, clock: deps.clock, auth: deps.auth, ...(deps.exportMaxRows?.xlsx ? { maxXlsxRows: deps.exportMaxRows.xlsx } : {}) }));
  api.use(caseRoutes({ model: deps.city.model, store: deps.store, ingest: deps.ingest, loop: deps.loop, clock: deps.clock, auth: deps.auth, ...(deps.ingestLimiter ? { ingestLimiter: deps.ingestLimiter } : {}), ...(deps.exportMaxRows?.csv ? { maxCsvRows: deps.exportMaxRows.csv } : {}) }));
  api.use(staffRoutes({ model: deps.city.model, roster: deps.roster, staff: deps.staff, clock: deps.clock }));
  api.use(partyRoutes({ model: deps.city.model, party: deps.party, roster: deps.roster, staff: deps.staff, state: deps.state, store: deps.store, auth: deps.auth, clock: deps.clock }));
  api.use(mapDataRoutes({ model: deps.city.model, store: deps.store, clock: deps.clock, ...(deps.mapLimits ? { limits: deps.mapLimits } : {}) }));
  api.use(wallConfigRoutes(deps.basemap ?? null));
  api.use(steerRoutes(deps.steer));
  api.use(notFound);
  app.use('/api', api);
  app.use('/open311/v2', noStore, open311Routes({ store: deps.store, ingest: deps.ingest, auth: deps.auth, model: deps.city.model, sla: deps.sla }));
  app.use(deviceSignIn(deps.auth));
  app.use(signInRoutes(deps.auth, deps.city.model));
  if (deps.clientDir) app.use(clientRoutes(deps.clientDir));
  app.use(notFound);
  app.use(
    errorHandler(deps.logger, (req, status, message) => {
      // Only requests that carried a credential or a principal: anonymous probes are not news.
      const principal = optionalPrincipal(req);
      if (!principal && !credentialOf(req)) return;
      void deps.auth
        .audit(principal ?? null, clientIp(req), { action: status === 401 ? 'access:credential' : 'access', outcome: 'refused', target: `${req.method} ${req.originalUrl.slice(0, 200)}`, detail: { status, reason: message.slice(0, 200) } })
        .catch((err: unknown) => deps.logger.error({ err }, 'audit write failed'));
    }),
  );
  return app;
}

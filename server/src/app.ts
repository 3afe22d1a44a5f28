import express from 'express';
import type { Logger } from 'pino';
import type { AreaResolver } from '../../shared/src/city/resolver.js';
import type { LoadedCity } from '../../fixtures/loadCity.js';
import { areaRoutes } from './areas/areaRoutes.js';
import { geoRoutes } from './areas/geoRoutes.js';
import type { CaseIngest, Clock } from './cases/caseIngest.js';
import type { CaseLoop } from './cases/caseLoop.js';
import { caseRoutes } from './cases/caseRoutes.js';
import { open311Routes } from './open311/open311Routes.js';
import { kpiRoutes } from './kpi/kpiRoutes.js';
import type { KpiService } from './kpi/kpiService.js';
import { staffRoutes } from './staff/staffRoutes.js';
import type { StaffState } from './staff/staffState.js';
import type { Roster } from '../../shared/src/staff/roster.js';
import type { AssessmentConfig } from '../../shared/src/kpi/assessment.js';
import { clientRoutes } from './static/clientRoutes.js';
import type { CaseStore } from './store/caseStore.js';
import { errorHandler, notFound } from './http/errors.js';

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
  kpis: KpiService;
  assessment: AssessmentConfig;
  /** Built client to serve; omitted in API-only tests. */
  clientDir?: string;
}

/** The composition root: every route and middleware, wired from injected parts. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const api = express.Router();
  // A full batch of 1,000 cases with long descriptions fits; anything larger is a 413.
  api.use(express.json({ limit: '4mb' }));
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  api.use(areaRoutes(deps.city.model, deps.resolver));
  api.use(geoRoutes(deps.city.files));
  api.use(caseRoutes({ model: deps.city.model, store: deps.store, ingest: deps.ingest, loop: deps.loop, clock: deps.clock }));
  api.use(kpiRoutes({ model: deps.city.model, kpis: deps.kpis, clock: deps.clock, assessment: deps.assessment }));
  api.use(staffRoutes({ model: deps.city.model, roster: deps.roster, staff: deps.staff, clock: deps.clock }));
  api.use(notFound);
  app.use('/api', api);
  app.use('/open311/v2', open311Routes({ store: deps.store, ingest: deps.ingest }));
  if (deps.clientDir) app.use(clientRoutes(deps.clientDir));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}

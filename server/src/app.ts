import express from 'express';
import type { Logger } from 'pino';
import type { AreaResolver } from '../../shared/src/city/resolver.js';
import type { LoadedCity } from '../../fixtures/loadCity.js';
import { areaRoutes } from './areas/areaRoutes.js';
import { geoRoutes } from './areas/geoRoutes.js';
import { clientRoutes } from './static/clientRoutes.js';
import { errorHandler, notFound } from './http/errors.js';

export interface AppDeps {
  city: LoadedCity;
  resolver: AreaResolver;
  logger: Logger;
  /** Built client to serve; omitted in API-only tests. */
  clientDir?: string;
}

/** The composition root: every route and middleware, wired from injected parts. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  api.use(areaRoutes(deps.city.model, deps.resolver));
  api.use(geoRoutes(deps.city.files));
  api.use(notFound);
  app.use('/api', api);
  if (deps.clientDir) app.use(clientRoutes(deps.clientDir));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}

import { Router } from 'express';
import { HttpError } from '../http/errors.js';
import { prepareBody, sendPrepared, type PreparedBody } from '../http/preparedBody.js';
import { principalOf } from '../auth/authMiddleware.js';
import { districtVisible } from './areaRoutes.js';
import { scopeOverview } from './scopedTopology.js';

/**
 * The geometry files, served as built: compressed once at start-up, with an ETag so that walls
 * and tablets revalidate instead of downloading megabytes again.
 */
export function geoRoutes(files: Map<string, Buffer>, cityCode: string): Router {
  const served = new Map<string, PreparedBody>();
  for (const [path, raw] of files) served.set(path, prepareBody(raw));
  // The overview cut per area (scopeOverview), made on first request: at most one per district
  // and per street (223), so the cache is bounded by the city itself.
  const overviewByScope = new Map<string, PreparedBody>();
  const overviewFor = (scope: string): PreparedBody => {
    const full = served.get('geo/overview.topo.json')!;
    if (scope === cityCode) return full;
    const key = scope.slice(0, Math.min(scope.length, 9));
    let cut = overviewByScope.get(key);
    if (!cut) {
      cut = prepareBody(Buffer.from(JSON.stringify(scopeOverview(JSON.parse(full.raw.toString('utf8')), key))));
      overviewByScope.set(key, cut);
    }
    return cut;
  };
  const router = Router();
  router.get('/geo/overview.topo.json', (req, res) => {
    sendPrepared(req, res, overviewFor(principalOf(req).scope));
  });
  router.get('/geo/districts/:file', (req, res) => {
    const match = /^(\d{6})\.topo\.json$/.exec(req.params.file);
    if (!match) throw new HttpError(400, `expected <district code>.topo.json, got "${req.params.file.slice(0, 40)}"`, 'file');
    const file = served.get(`geo/${match[1]}.topo.json`);
    if (!file) throw new HttpError(404, `district ${match[1]} not found`, 'code');
    const scope = principalOf(req).scope;
    if (!districtVisible(match[1]!, scope, cityCode)) throw new HttpError(403, `district ${match[1]} lies outside your area ${scope}`, 'code');
    sendPrepared(req, res, file);
  });
  return router;
}

import { Router } from 'express';
import { HttpError } from '../http/errors.js';
import { prepareBody, sendPrepared, type PreparedBody } from '../http/preparedBody.js';
import { withinScope } from '../../../shared/src/access/principal.js';
import { principalOf, requireCapability } from '../auth/authMiddleware.js';
import { outsideArea } from '../auth/scope.js';
import { districtVisible } from './areaRoutes.js';
import { scopeDistrict, scopeOverview } from './scopedTopology.js';

/** District files cut for accounts inside a district, kept for the next request (≈ 2–60 kB each). */
const DISTRICT_CUTS = 500;

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
  // A district's file cut for an account inside it (a street, community or grid cell), made on
  // a miss: there could be one per street, community and cell (~20,000), so only the latest
  // DISTRICT_CUTS are kept, least recently used dropped first.
  const districtCuts = new Map<string, PreparedBody>();
  const districtFor = (district: string, full: PreparedBody, scope: string): PreparedBody => {
    if (withinScope(district, scope, cityCode)) return full;
    let cut = districtCuts.get(scope);
    if (cut) districtCuts.delete(scope);
    else cut = prepareBody(Buffer.from(JSON.stringify(scopeDistrict(JSON.parse(full.raw.toString('utf8')), scope))));
    districtCuts.set(scope, cut);
    if (districtCuts.size > DISTRICT_CUTS) districtCuts.delete(districtCuts.keys().next().value!);
    return cut;
  };
  const router = Router();
  router.get('/geo/overview.topo.json', requireCapability('areas'), (req, res) => {
    sendPrepared(req, res, overviewFor(principalOf(req).scope));
  });
  router.get('/geo/districts/:file', requireCapability('areas'), (req, res) => {
    const name = String(req.params.file);
    const match = /^(\d{6})\.topo\.json$/.exec(name);
    if (!match) throw new HttpError(400, `expected <district code>.topo.json, got "${name.slice(0, 40)}"`, 'file');
    const district = match[1]!;
    const scope = principalOf(req).scope;
    if (!districtVisible(district, scope, cityCode)) throw outsideArea(district, scope, 'code');
    const file = served.get(`geo/${district}.topo.json`);
    if (!file) throw new HttpError(404, `district ${district} not found`, 'code');
    sendPrepared(req, res, districtFor(district, file, scope));
  });
  return router;
}

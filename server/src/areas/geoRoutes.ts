import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Router, type Response } from 'express';
import { HttpError } from '../http/errors.js';
import { principalOf } from '../auth/authMiddleware.js';
import { districtVisible } from './areaRoutes.js';
import { scopeOverview } from './scopedTopology.js';

interface Served {
  raw: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * The geometry files, served as built: compressed once at start-up, with an ETag so that walls
 * and tablets revalidate instead of downloading megabytes again.
 */
export function geoRoutes(files: Map<string, Buffer>, cityCode: string): Router {
  const prepare = (raw: Buffer): Served => ({ raw, gzip: gzipSync(raw, { level: 9 }), etag: `"${createHash('sha1').update(raw).digest('base64url')}"` });
  const served = new Map<string, Served>();
  for (const [path, raw] of files) served.set(path, prepare(raw));
  // The overview cut per area (scopeOverview), made on first request: at most one per district
  // and per street (223), so the cache is bounded by the city itself.
  const overviewByScope = new Map<string, Served>();
  const overviewFor = (scope: string): Served => {
    const full = served.get('geo/overview.topo.json')!;
    if (scope === cityCode) return full;
    const key = scope.slice(0, Math.min(scope.length, 9));
    let cut = overviewByScope.get(key);
    if (!cut) {
      cut = prepare(Buffer.from(JSON.stringify(scopeOverview(JSON.parse(full.raw.toString('utf8')), key))));
      overviewByScope.set(key, cut);
    }
    return cut;
  };
  const send = (res: Response, accepts: string | undefined, ifNoneMatch: string | undefined, file: Served) => {
    res.setHeader('ETag', file.etag);
    // private: the overview differs per account's area; a shared cache must not hand one to another.
    res.setHeader('Cache-Control', 'private, max-age=300, must-revalidate');
    res.setHeader('Vary', 'Accept-Encoding');
    res.type('application/json');
    if (ifNoneMatch === file.etag) {
      res.status(304).end();
      return;
    }
    if (accepts && /\bgzip\b/.test(accepts)) {
      res.setHeader('Content-Encoding', 'gzip');
      res.send(file.gzip);
    } else {
      res.send(file.raw);
    }
  };
  const router = Router();
  router.get('/geo/overview.topo.json', (req, res) => {
    send(res, req.headers['accept-encoding'], req.headers['if-none-match'], overviewFor(principalOf(req).scope));
  });
  router.get('/geo/districts/:file', (req, res) => {
    const match = /^(\d{6})\.topo\.json$/.exec(req.params.file);
    if (!match) throw new HttpError(400, `expected <district code>.topo.json, got "${req.params.file.slice(0, 40)}"`, 'file');
    const file = served.get(`geo/${match[1]}.topo.json`);
    if (!file) throw new HttpError(404, `district ${match[1]} not found`, 'code');
    const scope = principalOf(req).scope;
    if (!districtVisible(match[1]!, scope, cityCode)) throw new HttpError(403, `district ${match[1]} lies outside your area ${scope}`, 'code');
    send(res, req.headers['accept-encoding'], req.headers['if-none-match'], file);
  });
  return router;
}

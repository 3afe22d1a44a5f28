import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Router, type Response } from 'express';
import { HttpError } from '../http/errors.js';
import { principalOf } from '../auth/authMiddleware.js';
import { districtVisible } from './areaRoutes.js';

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
  const served = new Map<string, Served>();
  for (const [path, raw] of files) {
    served.set(path, { raw, gzip: gzipSync(raw, { level: 9 }), etag: `"${createHash('sha1').update(raw).digest('base64url')}"` });
  }
  const send = (res: Response, accepts: string | undefined, ifNoneMatch: string | undefined, file: Served) => {
    res.setHeader('ETag', file.etag);
    res.setHeader('Cache-Control', 'public, max-age=300, must-revalidate');
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
    send(res, req.headers['accept-encoding'], req.headers['if-none-match'], served.get('geo/overview.topo.json')!);
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

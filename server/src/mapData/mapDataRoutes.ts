import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import { CASE_COLUMNS_TYPE, DEFAULT_MAP_MAX_POINTS, MAP_LIST_FIELDS, MAX_REPLAY_EVENTS, MapCasesQuery, ReplayQuery } from '../../../shared/src/columnar/mapQueries.js';
import { OPEN_STATUSES } from '../../../shared/src/cases/caseModel.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { principalOf, requireCapability } from '../auth/authMiddleware.js';
import { scopedArea } from '../auth/scope.js';
import type { Clock } from '../cases/caseIngest.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import { caseQueryOf } from '../desk/caseListQuery.js';
import type { CaseStore } from '../store/caseStore.js';
import { readMapCases, readReplay } from './mapReads.js';
import { mapCasesStatement, mapListStatement } from './mapSql.js';

const gzip = promisify(gzipCallback);
/** Level 1: the columns compress to about half at once; higher levels gain little on them and cost the request time. */
const GZIP_LEVEL = 1;

export interface MapDataLimits {
  /** Points one answer holds at most (MAP_MAX_POINTS); a `limit` above it is a 400. */
  maxPoints: number;
  /** Events one replay holds at most. */
  maxEvents: number;
}

export const DEFAULT_MAP_LIMITS: MapDataLimits = { maxPoints: DEFAULT_MAP_MAX_POINTS, maxEvents: MAX_REPLAY_EVENTS };

/** Sends a case-columns buffer, gzipped (on libuv's threads) where the client accepts it. */
async function sendColumns(req: Request, res: Response, buffer: ArrayBuffer): Promise<void> {
  res.setHeader('Content-Type', CASE_COLUMNS_TYPE);
  res.setHeader('Vary', 'Accept-Encoding');
  const raw = Buffer.from(buffer);
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.setHeader('Content-Encoding', 'gzip');
    res.end(await gzip(raw, { level: GZIP_LEVEL }));
  } else res.end(raw);
}

/**
 * The map's case columns (GET /api/map/cases: the wall's open cases, or with the desk list's
 * filters exactly the cases of GET /api/cases with the same query string) and the replay of a
 * period (GET /api/replay), cut to the caller's area exactly like GET /api/cases: a malformed area is a 400, one outside the
 * caller's a 403, an unknown one inside it a 404, each naming `area`. Both answer a case-columns
 * buffer (shared/src/columnar/caseColumns.ts), read in one snapshot off the event loop.
 */
export function mapDataRoutes(deps: { model: CityModel; store: CaseStore; clock: Clock; limits?: MapDataLimits }): Router {
  const router = Router();
  const limits = deps.limits ?? DEFAULT_MAP_LIMITS;
  const limitOf = (asked: number | undefined): number => {
    if (asked !== undefined && asked > limits.maxPoints) throw new HttpError(400, `limit must be at most ${limits.maxPoints}, got ${asked}`, 'limit');
    return asked ?? limits.maxPoints;
  };

  router.get('/map/cases', requireCapability('read'), async (req, res) => {
    const { state, limit, ...filters } = parseOr400(MapCasesQuery, req.query);
    const now = deps.clock.now();
    const principal = principalOf(req);
    // The desk's filters: the list's own store query (its area cut, period and KPI set included), not a copy of it.
    const statement = MAP_LIST_FIELDS.some((f) => filters[f] !== undefined)
      ? mapListStatement(caseQueryOf(deps.model, principal, { ...filters, limit: 1, sort: 'reportedAt', order: 'desc' }, now), limitOf(limit))
      : mapCasesStatement(scopedArea(deps.model, principal, filters.area).area, state ?? [...OPEN_STATUSES], limitOf(limit));
    const buffer = await readMapCases(deps.store, statement, now);
    await sendColumns(req, res, buffer);
  });

  router.get('/replay', requireCapability('read'), async (req, res) => {
    const q = parseOr400(ReplayQuery, req.query);
    const { area } = scopedArea(deps.model, principalOf(req), q.area);
    const buffer = await readReplay(deps.store, area, q.from, q.to, limitOf(q.limit), limits.maxEvents);
    await sendColumns(req, res, buffer);
  });

  return router;
}

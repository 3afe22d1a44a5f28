import { Router, type Request, type RequestHandler } from 'express';
import { MAX_CASE_SEQ } from '../../../shared/src/columnar/caseColumns.js';
import { z } from 'zod';
import { withinScope } from '../../../shared/src/access/principal.js';
import { clientIp, principalOf, requireCapability } from '../auth/authMiddleware.js';
import type { AuthService } from '../auth/authService.js';
import { forViewer } from '../auth/scope.js';
import { CaseListQuery, type ActionResponse, type BatchResponse, type CaseDetail, type CaseListResponse } from '../../../shared/src/api/cases.js';
import { CHANNELS, CHANNEL_NAMES, MAX_BATCH, OPEN_STATUSES, URGENCIES, URGENCY_NAMES, type Case } from '../../../shared/src/cases/caseModel.js';
import { allowedActions } from '../../../shared/src/cases/lifecycle.js';
import { CATEGORIES } from '../../../shared/src/cases/categories.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import type { CaseQuery, CaseStore } from '../store/caseStore.js';
import { submitter, type CaseIngest, type Clock } from './caseIngest.js';
import type { CaseLoop } from './caseLoop.js';
import { caseQueryOf } from '../desk/caseListQuery.js';
import { caseNames } from '../desk/deskFilter.js';
import { exportPages, exportTooLarge } from '../desk/exportPages.js';
import { CSV_LANGS, caseCsv } from './caseCsv.js';
import { KeyedBuckets, type KeyedLimiter } from '../limits/tokenBucket.js';

function checkCaseId(id: string): string {
  if (!/^[0-9A-Z]{26}$/.test(id)) throw new HttpError(400, `case id "${id.slice(0, 40)}" is malformed: expected 26 characters 0-9 A-Z`, 'id');
  return id;
}


/** A case as GET /api/cases/:id answers it: the case, its clock, what it allows, its timeline. */
export async function caseDetail(store: CaseStore, c: Case, now: number): Promise<CaseDetail> {
  const events = await store.events(c.id);
  const open = OPEN_STATUSES.has(c.status);
  const left = (iso: string | null) => (iso === null || !open ? null : Date.parse(iso) - now);
  const msLeft = left(c.deadline);
  const stageMsLeft = left(c.stageDeadline);
  return {
    ...c,
    clock: { msLeft, overdue: msLeft !== null && msLeft < 0, stageMsLeft, stageOverdue: stageMsLeft !== null && stageMsLeft < 0 },
    allowed: allowedActions(c.status),
    timeline: [{ action: 'report', at: c.times.reported!, to: 'reported', channel: c.channel }, ...events],
  };
}

/** Rows a CSV export holds at most unless the server is told otherwise: beyond it a 413 naming both counts. */
export const MAX_CSV_ROWS = 10_000;
/** POST /api/cases requests a second per account (each up to 1,000 cases). */
export const INGEST_REQUESTS_PER_SECOND = 100;
/** The export's own parameter beside the case list's filters: the header language. */
const ExportQuery = z.object({ lang: z.enum(CSV_LANGS, { error: `lang must be one of ${CSV_LANGS.join(', ')}` }).default('zh') });

/** `ingestLimiter`: the submission buckets (shared in Redis by several nodes); in memory here when omitted. */
export function caseRoutes(deps: { model: CityModel; store: CaseStore; ingest: CaseIngest; loop: CaseLoop; clock: Clock; auth: AuthService; ingestLimiter?: KeyedLimiter; maxCsvRows?: number }): Router {
  const router = Router();
  const maxCsvRows = deps.maxCsvRows ?? MAX_CSV_ROWS;

  router.get('/categories', (_req, res) => {
    res.json({
      categories: CATEGORIES,
      channels: CHANNELS.map((code) => ({ code, name: CHANNEL_NAMES[code] })),
      urgencies: URGENCIES.map((code) => ({ code, name: URGENCY_NAMES[code] })),
    });
  });

  // Per account: a source that floods (a broken sensor loop) is slowed, not the others. A token
  // bucket on the server's clock: a second's worth at once, then INGEST_REQUESTS_PER_SECOND.
  const ingestBuckets = deps.ingestLimiter ?? new KeyedBuckets(INGEST_REQUESTS_PER_SECOND, INGEST_REQUESTS_PER_SECOND, () => deps.clock.now());
  const ingestLimit: RequestHandler = async (req, res, next) => {
    const waitMs = await ingestBuckets.take(principalOf(req).accountId);
    if (waitMs === 0) return next();
    res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
    res.status(429).json({ error: { status: 429, message: `at most ${INGEST_REQUESTS_PER_SECOND} submissions a second per account (a batch holds up to ${MAX_BATCH} cases); try again in ${waitMs} ms`, field: 'body' } });
  };

  router.post('/cases', requireCapability('ingest'), ingestLimit, async (req, res) => {
    const principal = principalOf(req);
    const body: unknown = req.body;
    if (Array.isArray(body)) {
      if (body.length === 0) throw new HttpError(400, 'the batch is empty', 'body');
      if (body.length > MAX_BATCH) throw new HttpError(413, `a batch holds at most ${MAX_BATCH} cases, got ${body.length}`, 'body');
      const results = await deps.ingest.submit(body, submitter(principal));
      const rejected = results.filter((r) => 'errors' in r).length;
      const duplicates = results.filter((r) => 'duplicate' in r).length;
      const answer: BatchResponse = { policy: 'valid items are kept', accepted: results.length - rejected - duplicates, duplicates, rejected, results };
      res.status(rejected === results.length ? 400 : rejected > 0 ? 207 : 201).json(answer);
      return;
    }
    if (typeof body !== 'object' || body === null) throw new HttpError(400, 'expected a JSON case object or an array of them', 'body');
    const [result] = await deps.ingest.submit([body], submitter(principal));
    if (!result || 'errors' in result) {
      const errors = result && 'errors' in result ? result.errors : [];
      const first = errors[0];
      res.status(400).json({ error: { status: 400, message: errors.map((e) => `${e.field}: ${e.message}`).join('; '), field: first?.field, errors } });
      return;
    }
    const stored = (await deps.store.get(result.id))!;
    res.status(result.duplicate ? 200 : 201).json({ id: result.id, ...(result.duplicate ? { duplicate: true } : {}), case: forViewer(stored, principal) });
  });

  /** The store query of a case list request (its query string `raw`), cut to the caller's area. */
  const listQuery = (req: Request, raw: unknown = req.query, limit?: number): CaseQuery =>
    caseQueryOf(deps.model, principalOf(req), parseOr400(CaseListQuery, raw), deps.clock.now(), limit);
  const queryStore = async (query: CaseQuery) => {
    try {
      return await deps.store.query(query);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('cursor')) throw new HttpError(400, err.message, 'cursor');
      throw err;
    }
  };

  router.get('/cases', requireCapability('read'), async (req, res) => {
    const principal = principalOf(req);
    const query = listQuery(req);
    const page = await queryStore(query);
    const items = page.items.map((c) => ({ ...forViewer(c, principal), names: caseNames(deps.model, c) }));
    const body: CaseListResponse = { ...page, items, offset: query.offset ?? 0, limit: query.limit };
    res.json(body);
  });

  // CSV of a case list (same filters, at most maxCsvRows rows, beyond them a 413 and nothing
  // written; never the reporter's data; Chinese column names unless lang=en); audited.
  router.get('/cases/export.csv', requireCapability('export'), async (req, res) => {
    const principal = principalOf(req);
    const { lang, ...filters } = req.query;
    const csv = caseCsv(deps.model, parseOr400(ExportQuery, { lang }).lang);
    const query = listQuery(req, filters, 500);
    const area = query.area?.code ?? deps.model.cityCode;
    const rows: string[] = [csv.header];
    let total = 0;
    for await (const page of exportPages(queryStore, query, maxCsvRows)) {
      total = page.total;
      const matched = Math.max(0, total - (query.offset ?? 0));
      if (matched > maxCsvRows) {
        await deps.auth.audit(principal, clientIp(req), { action: 'export', outcome: 'refused', target: req.originalUrl.slice(0, 300), area, detail: { rows: matched, max: maxCsvRows, format: 'csv' } });
        throw new HttpError(413, exportTooLarge(maxCsvRows, matched));
      }
      for (const c of page.items) rows.push(csv.row(c));
    }
    await deps.auth.audit(principal, clientIp(req), { action: 'export', outcome: 'ok', target: req.originalUrl.slice(0, 300), area, detail: { rows: rows.length - 1, total } });
    res.setHeader('Content-Disposition', 'attachment; filename="cases.csv"');
    res.type('text/csv; charset=utf-8').send('\uFEFF' + rows.join('\r\n') + '\r\n');
  });

  /** A case the caller may see, or the same 404 as for a case that does not exist. */
  const visibleCase = async (req: Request): Promise<Case> => {
    const id = checkCaseId(String(req.params.id));
    const found = await deps.store.get(id);
    if (!found || !withinScope(found.area.grid, principalOf(req).scope, deps.model.cityCode)) throw new HttpError(404, `case ${id} not found`, 'id');
    return found;
  };

  // A map point names its case by the store's seq (case columns): the same read right, area cut
  // and answer as GET /api/cases/:id; a seq outside the caller's area is answered as a missing one.
  router.get('/cases/by-seq/:seq', requireCapability('read'), async (req, res) => {
    const raw = String(req.params.seq);
    const seq = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!(seq <= MAX_CASE_SEQ)) throw new HttpError(400, `seq "${raw.slice(0, 40)}" is malformed: expected an integer from 0 to ${MAX_CASE_SEQ}`, 'seq');
    const found = await deps.store.getBySeq(seq);
    if (!found || !withinScope(found.area.grid, principalOf(req).scope, deps.model.cityCode)) throw new HttpError(404, `case seq ${seq} not found`, 'seq');
    res.json(forViewer(await caseDetail(deps.store, found, deps.clock.now()), principalOf(req)));
  });

  router.get('/cases/:id', requireCapability('read'), async (req, res) => {
    const found = await visibleCase(req);
    res.json(forViewer(await caseDetail(deps.store, found, deps.clock.now()), principalOf(req)));
  });

  // 查看联系方式: the reporter's name and phone, explicitly and on the record.
  router.post('/cases/:id/unmask', requireCapability('unmask'), async (req, res) => {
    const principal = principalOf(req);
    const found = await visibleCase(req);
    await deps.auth.audit(principal, clientIp(req), { action: 'unmask', outcome: 'ok', target: found.id, area: found.area.grid });
    res.json({ id: found.id, reporter: found.reporter });
  });

  // 督办: a commander urges a case of their area; its own event on the timeline, audited.
  router.post('/cases/:id/supervise', requireCapability('supervise'), async (req, res) => {
    const principal = principalOf(req);
    const id = checkCaseId(String(req.params.id));
    try {
      const { case: after, event } = await deps.loop.supervise(id, req.body, principal);
      await deps.auth.audit(principal, clientIp(req), { action: 'case:supervise', outcome: 'ok', target: id, area: after.area.grid, detail: { count: after.supervised?.count ?? 0, note: event.note?.slice(0, 200) ?? null } });
      const body: ActionResponse = { event, case: forViewer(await caseDetail(deps.store, after, deps.clock.now()), principal) };
      res.status(201).json(body);
    } catch (err) {
      // 403s are audited with every refused access (app.ts).
      if (err instanceof HttpError && err.status !== 401 && err.status !== 403) {
        await deps.auth.audit(principal, clientIp(req), { action: 'case:supervise', outcome: 'refused', target: id, detail: { status: err.status, reason: err.message.slice(0, 200) } });
      }
      throw err;
    }
  });

  router.post('/cases/:id/actions', requireCapability('act'), async (req, res) => {
    const principal = principalOf(req);
    const id = checkCaseId(String(req.params.id));
    try {
      const { case: after, event } = await deps.loop.act(id, req.body, principal);
      await deps.auth.audit(principal, clientIp(req), { action: `case:${event.action}`, outcome: 'ok', target: id, area: after.area.grid, detail: { from: event.from, to: event.to } });
      const body: ActionResponse = { event, case: forViewer(await caseDetail(deps.store, after, deps.clock.now()), principal) };
      res.status(201).json(body);
    } catch (err) {
      // 401/403 are audited with every refused access (app.ts); 404 names nothing.
      if (err instanceof HttpError && err.status !== 404 && err.status !== 401 && err.status !== 403) {
        await deps.auth.audit(principal, clientIp(req), { action: 'case:action', outcome: 'refused', target: id, detail: { status: err.status, reason: err.message.slice(0, 200) } });
      }
      throw err;
    }
  });

  return router;
}

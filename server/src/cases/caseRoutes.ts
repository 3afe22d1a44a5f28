import { Router } from 'express';
import { CaseListQuery, type ActionResponse, type BatchResponse, type CaseDetail, type CaseListResponse } from '../../../shared/src/api/cases.js';
import { CHANNELS, CHANNEL_NAMES, MAX_BATCH, OPEN_STATUSES, URGENCIES, URGENCY_NAMES, type Case } from '../../../shared/src/cases/caseModel.js';
import { allowedActions } from '../../../shared/src/cases/lifecycle.js';
import { CATEGORIES } from '../../../shared/src/cases/categories.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { checkAreaCode, levelOfCode } from '../../../shared/src/city/codes.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import type { CaseQuery, CaseStore } from '../store/caseStore.js';
import type { CaseIngest, Clock } from './caseIngest.js';
import type { CaseLoop } from './caseLoop.js';
import { kpiPeriod } from '../kpi/kpiService.js';

function checkCaseId(id: string): string {
  if (!/^[0-9A-Z]{26}$/.test(id)) throw new HttpError(400, `case id "${id.slice(0, 40)}" is malformed: expected 26 characters 0-9 A-Z`, 'id');
  return id;
}

/** Resolves an `area` filter to the column level, or fails with 400/404 naming it. */
export function areaFilter(model: CityModel, raw: string | undefined): CaseQuery['area'] {
  if (raw === undefined || raw === model.cityCode) return undefined;
  const check = checkAreaCode(raw);
  if (!check.ok) throw new HttpError(400, check.reason, 'area');
  const level = levelOfCode(raw);
  if (level === 'building' || level === 'city') throw new HttpError(400, `area ${raw}: cases are filtered by city, district, street, community or grid`, 'area');
  if (!model.node(raw)) throw new HttpError(404, `area ${raw} not found`, 'area');
  return { level, code: raw };
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

export function caseRoutes(deps: { model: CityModel; store: CaseStore; ingest: CaseIngest; loop: CaseLoop; clock: Clock }): Router {
  const router = Router();

  router.get('/categories', (_req, res) => {
    res.json({
      categories: CATEGORIES,
      channels: CHANNELS.map((code) => ({ code, name: CHANNEL_NAMES[code] })),
      urgencies: URGENCIES.map((code) => ({ code, name: URGENCY_NAMES[code] })),
    });
  });

  router.post('/cases', async (req, res) => {
    const body: unknown = req.body;
    if (Array.isArray(body)) {
      if (body.length === 0) throw new HttpError(400, 'the batch is empty', 'body');
      if (body.length > MAX_BATCH) throw new HttpError(413, `a batch holds at most ${MAX_BATCH} cases, got ${body.length}`, 'body');
      const results = await deps.ingest.submit(body);
      const rejected = results.filter((r) => 'errors' in r).length;
      const duplicates = results.filter((r) => 'duplicate' in r).length;
      const answer: BatchResponse = { policy: 'valid items are kept', accepted: results.length - rejected - duplicates, duplicates, rejected, results };
      res.status(rejected === results.length ? 400 : rejected > 0 ? 207 : 201).json(answer);
      return;
    }
    if (typeof body !== 'object' || body === null) throw new HttpError(400, 'expected a JSON case object or an array of them', 'body');
    const [result] = await deps.ingest.submit([body]);
    if (!result || 'errors' in result) {
      const errors = result && 'errors' in result ? result.errors : [];
      const first = errors[0];
      res.status(400).json({ error: { status: 400, message: errors.map((e) => `${e.field}: ${e.message}`).join('; '), field: first?.field, errors } });
      return;
    }
    const stored = await deps.store.get(result.id);
    res.status(result.duplicate ? 200 : 201).json({ id: result.id, ...(result.duplicate ? { duplicate: true } : {}), case: stored });
  });

  router.get('/cases', async (req, res) => {
    const q = parseOr400(CaseListQuery, req.query);
    const query: CaseQuery = {
      limit: q.limit,
      ...(q.status ? { status: q.status } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.urgency ? { urgency: q.urgency } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.kpi ? { kpi: { name: q.kpi, period: kpiPeriod(q, deps.clock.now()) } } : {}),
      ...(q.from !== undefined && !q.kpi ? { from: q.from } : {}),
      ...(q.to !== undefined && !q.kpi ? { to: q.to } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    };
    const area = areaFilter(deps.model, q.area);
    if (area) query.area = area;
    let page;
    try {
      page = await deps.store.query(query);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('cursor')) throw new HttpError(400, err.message, 'cursor');
      throw err;
    }
    const body: CaseListResponse = page;
    res.json(body);
  });

  router.get('/cases/:id', async (req, res) => {
    const id = checkCaseId(req.params.id);
    const found = await deps.store.get(id);
    if (!found) throw new HttpError(404, `case ${id} not found`, 'id');
    res.json(await caseDetail(deps.store, found, deps.clock.now()));
  });

  router.post('/cases/:id/actions', async (req, res) => {
    const id = checkCaseId(req.params.id);
    const { case: after, event } = await deps.loop.act(id, req.body);
    const body: ActionResponse = { event, case: await caseDetail(deps.store, after, deps.clock.now()) };
    res.status(201).json(body);
  });

  return router;
}

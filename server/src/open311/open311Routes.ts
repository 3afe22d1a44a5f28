import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { OPEN_STATUSES, STATUSES, type Case, type CaseStatus } from '../../../shared/src/cases/caseModel.js';
import { CATEGORIES, CATEGORY_BY_CODE, SUBCATEGORY_BY_CODE } from '../../../shared/src/cases/categories.js';
import { submitter, type CaseIngest } from '../cases/caseIngest.js';
import { can, withinScope, type Principal } from '../../../shared/src/access/principal.js';
import { levelOfCode } from '../../../shared/src/city/codes.js';
import { credentialOf, crossSiteRefusal, resolveCredential } from '../auth/authMiddleware.js';
import type { AuthService } from '../auth/authService.js';
import type { SlaDeadlines } from '../../../shared/src/cases/caseActions.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { formatShanghai } from '../store/caseRow.js';
import type { CaseQuery, CaseStore } from '../store/caseStore.js';

/**
 * Open311 GeoReport v2 for citizen apps: our subcategories are its services; our lifecycle maps
 * onto its open/closed with a status note. Errors follow the standard: [{ code, description }].
 */
const STATUS_NOTES: Record<CaseStatus, string> = {
  reported: '已受理，待立案',
  registered: '已立案，待派遣',
  rejected: '不予立案',
  dispatched: '已派遣至责任单位',
  accepted: '责任单位已受理，处置中',
  handled: '已处置，待核查',
  verified: '核查通过，待结案',
  closed: '已结案',
  returned: '责任单位退回，重新派遣中',
  parked: '已挂账，持续跟进',
  rework: '核查未通过，返工中',
  escalated: '已上报上级平台协调',
};

class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Open311's request. `expected_datetime` is the SLA's closure deadline: the case's own once it is
 * registered (extensions included), before that the deadline its category, urgency and area type
 * would get from the report time; none once closed or rejected.
 */
function toRequest(c: Case, expected: (c: Case) => string | null): Record<string, unknown> {
  const sub = SUBCATEGORY_BY_CODE.get(c.subcategory);
  const times = Object.values(c.times).filter((t): t is string => t !== null);
  return {
    service_request_id: c.id,
    status: OPEN_STATUSES.has(c.status) ? 'open' : 'closed',
    status_notes: STATUS_NOTES[c.status],
    service_name: sub?.name ?? c.subcategory,
    service_code: c.subcategory,
    description: c.description,
    agency_responsible: null,
    service_notice: null,
    requested_datetime: c.times.reported,
    updated_datetime: times.sort().at(-1) ?? c.times.reported,
    expected_datetime: expected(c),
    address: c.address,
    address_id: null,
    zipcode: null,
    lat: c.lat,
    long: c.lon,
    media_url: null,
  };
}

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);

/**
 * `lat` or `long` as a form (text) or JSON (a number or text) sends it. A blank one is missing,
 * never 0 (Number('') is 0); its range is the case schema's to check.
 */
function coordinate(body: Record<string, unknown>, name: 'lat' | 'long'): number {
  const value = body[name];
  const text = one(value)?.trim();
  if (typeof value !== 'number' && !text) throw new Open311Error(400, `${name} is required (degrees, GCJ-02)`);
  const degrees = typeof value === 'number' ? value : Number(text);
  if (!Number.isFinite(degrees)) throw new Open311Error(400, `${name} must be a number (degrees, GCJ-02)`);
  return degrees;
}

export function open311Routes(deps: { store: CaseStore; ingest: CaseIngest; auth: AuthService; model: CityModel; sla: SlaDeadlines }): Router {
  const router = Router();
  const cityCode = deps.model.cityCode;
  const expected = (c: Case): string | null => {
    if (c.deadline) return c.deadline;
    if (c.status !== 'reported') return null;
    const ctx = { category: c.category, subcategory: c.subcategory, urgency: c.urgency, areaType: deps.model.node(c.area.grid)?.areaType ?? 'urban' };
    return formatShanghai(deps.sla.closureDeadline(ctx, Date.parse(c.times.reported!)));
  };
  const asRequest = (c: Case) => toRequest(c, expected);
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(express.json({ limit: '64kb' }));
  const callers = new WeakMap<Request, Principal>();
  /**
   * The source's API key (`api_key` as the standard has it, or X-Api-Key), or a signed-in session;
   * a submission made with the session cookie follows the CSRF rule of every route.
   */
  const caller = async (req: Request, res: Response): Promise<Principal> => {
    const known = callers.get(req);
    if (known) return known;
    const key = one((req.body as Record<string, unknown> | undefined)?.api_key) ?? one(req.query.api_key);
    const credential = key ? { token: key, kinds: ['api_key'] as const, ambient: false } : credentialOf(req);
    if (!credential) throw new Open311Error(401, 'api_key is required (ask the operations centre for one)');
    const principal = await resolveCredential(deps.auth, credential, req, res);
    if (!principal) throw new Open311Error(401, credential.ambient ? 'the session is not valid (expired, revoked or unknown): sign in again' : 'api_key is not valid (revoked or unknown)');
    const crossSite = crossSiteRefusal(req, credential);
    if (crossSite) throw new Open311Error(403, crossSite);
    callers.set(req, principal);
    return principal;
  };
  /**
   * Reading needs the read right, as everywhere (GET /api/cases, the live stream): an auditor is
   * refused. A source that may only submit (a machine key) reads back its own submissions.
   */
  const reader = async (req: Request, res: Response): Promise<{ principal: Principal; ownOnly: boolean }> => {
    const principal = await caller(req, res);
    if (can(principal, 'read')) return { principal, ownOnly: false };
    if (can(principal, 'ingest')) return { principal, ownOnly: true };
    throw new Open311Error(403, `a ${principal.kind === 'person' ? principal.role : principal.kind} account may not read requests`);
  };
  const visible = (c: Case, { principal, ownOnly }: { principal: Principal; ownOnly: boolean }) =>
    withinScope(c.area.grid, principal.scope, cityCode) && (!ownOnly || c.source === principal.username);

  router.get('/services.json', (_req, res) => {
    res.json(
      CATEGORIES.flatMap((cat) =>
        cat.subcategories.map((s) => ({ service_code: s.code, service_name: s.name, description: `${cat.name} · ${s.name}`, metadata: false, type: 'realtime', keywords: cat.nameEn, group: cat.name })),
      ),
    );
  });

  router.post('/requests.json', async (req, res) => {
    const principal = await caller(req, res);
    if (!can(principal, 'ingest')) throw new Open311Error(403, 'this account may not submit requests');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const code = one(body.service_code);
    if (!code) throw new Open311Error(400, 'service_code is required');
    const sub = SUBCATEGORY_BY_CODE.get(code);
    if (!sub) throw new Open311Error(404, `service_code ${code} not found (see services.json)`);
    const lat = coordinate(body, 'lat');
    const lon = coordinate(body, 'long');
    const name = [one(body.last_name), one(body.first_name)].filter(Boolean).join('') || undefined;
    const phone = one(body.phone)?.trim() || undefined;
    const [result] = await deps.ingest.submit([
      {
        channel: 'citizen_app',
        category: sub.category,
        subcategory: code,
        lon,
        lat,
        description: one(body.description) ?? `${CATEGORY_BY_CODE.get(sub.category)?.name ?? ''} · ${sub.name}`,
        ...(one(body.address_string) ? { address: one(body.address_string) } : {}),
        ...(name || phone ? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
        ...(one(body.service_request_id) ? { externalId: one(body.service_request_id) } : {}),
      },
    ], submitter(principal));
    if (!result || 'errors' in result) {
      const errors = result && 'errors' in result ? result.errors : [];
      const map: Record<string, string> = { lon: 'long', lat: 'lat', description: 'description', 'reporter.phone': 'phone', 'reporter.name': 'first_name' };
      throw new Open311Error(400, errors.map((e) => `${map[e.field] ?? e.field}: ${e.message}`).join('; '));
    }
    res.status(201).json([{ service_request_id: result.id, service_notice: '已收到，将按时限办理', account_id: null }]);
  });

  router.get('/requests.json', async (req, res) => {
    const who = await reader(req, res);
    const { principal } = who;
    const q = req.query;
    const ids = one(q.service_request_id)?.split(',').map((s) => s.trim()).filter(Boolean);
    if (ids) {
      const found = (await Promise.all(ids.slice(0, 100).map((id) => deps.store.get(id)))).filter((c): c is Case => c !== undefined && visible(c, who));
      res.json(found.map(asRequest));
      return;
    }
    const code = one(q.service_code);
    const sub = code ? SUBCATEGORY_BY_CODE.get(code) : undefined;
    if (code && !sub) throw new Open311Error(404, `service_code ${code} not found`);
    const status = one(q.status);
    if (status && status !== 'open' && status !== 'closed') throw new Open311Error(400, 'status must be open or closed');
    const start = one(q.start_date);
    const end = one(q.end_date);
    const from = start ? Date.parse(start) : Date.now() - 90 * 86_400_000;
    const to = end ? Date.parse(end) : undefined;
    if (Number.isNaN(from) || (to !== undefined && Number.isNaN(to))) throw new Open311Error(400, 'start_date and end_date must be ISO 8601 times');
    const query: CaseQuery = { limit: 500, from, ...(to !== undefined ? { to } : {}), ...(who.ownOnly ? { source: principal.username } : {}) };
    const level = levelOfCode(principal.scope);
    if (principal.scope !== cityCode && level !== 'city' && level !== 'building') query.area = { level, code: principal.scope };
    if (sub) query.category = [sub.category];
    if (status) query.status = STATUSES.filter((s) => OPEN_STATUSES.has(s) === (status === 'open'));
    const page = await deps.store.query(query);
    res.json(page.items.filter((c) => !code || c.subcategory === code).map(asRequest));
  });

  router.get('/requests/:id.json', async (req, res) => {
    const who = await reader(req, res);
    const found = await deps.store.get(String(req.params.id));
    if (!found || !visible(found, who)) throw new Open311Error(404, `service_request_id ${req.params.id} not found`);
    res.json([asRequest(found)]);
  });

  router.use((_req, _res, next) => next(new Open311Error(404, 'no such Open311 endpoint')));
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof Open311Error) res.status(err.status).json([{ code: err.status, description: err.message }]);
    else if (typeof err === 'object' && err && 'status' in err && typeof err.status === 'number' && err.status < 500) res.status(err.status).json([{ code: err.status, description: err instanceof Error ? err.message : "bad request" }]);
    else next(err);
  });
  return router;
}

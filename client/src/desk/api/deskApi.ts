import type { Principal } from '../../../../shared/src/access/principal.js';
import type { CaseDetail } from '../../../../shared/src/api/cases.js';
import type { Case, CaseStatus } from '../../../../shared/src/cases/caseModel.js';
import type { Action } from '../../../../shared/src/cases/lifecycle.js';
import type { Level } from '../../../../shared/src/city/levels.js';
import type { KpiCounts, KpiFigures } from '../../../../shared/src/kpi/kpiFormulas.js';
import { FIRST, HeavyQueue, LATER } from './heavyQueue.js';
import { areaDetailFetch, areaDetailUrl } from '../../api/areaDetailFetch.js';
import { isRecord } from '../../api/isRecord.js';

/**
 * The desk's calls to the server. Answers are checked for the fields the desk reads (the server
 * is another program: parsed, not trusted); a refusal is a DeskApiError with the server's status
 * and message, so a screen can say what happened.
 */
export class DeskApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's error body, e.g. a 409's current `state` and `allowed` actions. */
    readonly body: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'DeskApiError';
  }
}

/** Throws naming the URL, what is missing and the start of what came instead. */
function need(ok: boolean, url: string, what: string, body?: unknown): void {
  if (!ok) throw new Error(`${url}: the answer has no ${what} (got ${String(JSON.stringify(body) ?? body).slice(0, 120)})`);
}

/** A non-2xx answer as a DeskApiError with the server's message. */
function refusal(res: { status: number; statusText: string }, body: unknown): DeskApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  return new DeskApiError(res.status, typeof error?.message === 'string' ? error.message : `${res.status} ${res.statusText}`, error);
}

/** A request the server has not answered in this long is given up and shown as failed (ms). */
const REQUEST_TIMEOUT_MS = 30_000;

/** A request's signal: the caller's, if any, and REQUEST_TIMEOUT_MS (`timeout`, to tell the two apart). */
function withTimeout(signal: AbortSignal | undefined, timeout: AbortSignal): AbortSignal {
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/**
 * One request; a 429 (the per-account limit on KPI queries) is tried again after its Retry-After,
 * unless `abandoned` says nobody waits for the answer any more. It gives up after
 * REQUEST_TIMEOUT_MS, so a panel says it failed instead of loading for ever.
 */
async function request(url: string, init: RequestInit = {}, signal?: AbortSignal, abandoned?: AbortSignal): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const res = await fetch(url, { credentials: 'same-origin', ...init, signal: withTimeout(signal, timeout) });
    if (res.status === 429 && attempt < 5 && !abandoned?.aborted) {
      const wait = Math.min(5, Number(res.headers.get('retry-after')) || 1) * 1000;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        abandoned?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      if (abandoned?.aborted) throw abandoned.reason;
      continue;
    }
    // A body cut off by the timeout (or a view change) is that failure, not an empty answer.
    const body: unknown =
      res.status === 204
        ? null
        : await res.json().catch((error: unknown) => {
            if (timeout.aborted || signal?.aborted) throw error;
            return null;
          });
    if (!res.ok) throw refusal(res, body);
    return body;
  }
}

/**
 * At most this many KPI and breakdown queries of the page at once: the server answers a fifth
 * one of an account with a 429 (4 at most), and the other panels should not wait behind retries.
 */
const HEAVY_AT_ONCE = 3;
const heavyQueue = new HeavyQueue(HEAVY_AT_ONCE);

/**
 * A heavy GET through the queue. Once sent it is not cut when the view changes: the server would
 * keep its slot until the query ends anyway, so the queue keeps it too and drops the answer.
 */
function heavy(url: string, priority: number, signal?: AbortSignal): Promise<unknown> {
  return heavyQueue.run((abandoned) => request(url, {}, undefined, abandoned), priority, signal);
}

export async function fetchMe(signal?: AbortSignal): Promise<Principal> {
  const body = await request('/api/auth/me', {}, signal);
  need(isRecord(body) && isRecord(body.principal) && typeof body.principal.scope === 'string', '/api/auth/me', 'principal', body);
  return (body as { principal: Principal }).principal;
}

export async function signOut(): Promise<void> {
  await request('/api/auth/logout', { method: 'POST' });
}

export interface AreaNode {
  code: string;
  name: string;
  level: Level;
}

export interface AreaInfo {
  node: AreaNode;
  /** City first. */
  ancestors: AreaNode[];
  children: AreaNode[];
}

const isNode = (v: unknown): v is AreaNode => isRecord(v) && typeof v.code === 'string' && typeof v.name === 'string' && typeof v.level === 'string';

/** The area's node, ancestors and children: one request with the map's buildings of a grid cell (areaDetailFetch). */
export async function fetchArea(code: string, signal?: AbortSignal): Promise<AreaInfo> {
  const url = areaDetailUrl(code);
  const res = await areaDetailFetch(url, { signal: withTimeout(signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)) });
  const body: unknown = await res.json();
  if (!res.ok) throw refusal(res, body);
  need(isRecord(body) && isNode(body.node) && Array.isArray(body.ancestors) && Array.isArray(body.children), url, 'node, ancestors or children', body);
  const b = body as { node: AreaNode; ancestors: unknown[]; children: unknown[] };
  const nodes = (list: unknown[]) => list.filter(isNode).map(({ code, name, level }) => ({ code, name, level }));
  return { node: { code: b.node.code, name: b.node.name, level: b.node.level }, ancestors: nodes(b.ancestors), children: nodes(b.children) };
}

/** Chinese names the case list adds to each item. */
export interface CaseNames {
  district?: string;
  street?: string;
  community?: string;
  grid?: string;
  category?: string;
  subcategory?: string;
  status?: string;
  urgency?: string;
  channel?: string;
}

export type CaseRow = Case & { names?: CaseNames };

export interface CasePage {
  items: CaseRow[];
  total: number;
}

export async function fetchCases(url: string, signal?: AbortSignal): Promise<CasePage> {
  const body = await request(url, {}, signal);
  need(isRecord(body) && Array.isArray(body.items) && typeof body.total === 'number', url, 'items or total', body);
  const b = body as { items: unknown[]; total: number };
  return { items: b.items.filter((c): c is CaseRow => isRecord(c) && typeof c.id === 'string' && isRecord(c.area)), total: b.total };
}

export interface FigureChange {
  previous: number | null;
  current: number | null;
  delta: number | null;
  ratio: number | null;
}

export interface KpiAnswer {
  counts: KpiCounts;
  figures: KpiFigures;
  /** Per figure against the period of equal length before (环比); absent where the server gives none. */
  change: Partial<Record<keyof KpiFigures, FigureChange>> | null;
}

/** The KPI strip's figures: FIRST in the heavy queue. */
export async function fetchKpis(url: string, signal?: AbortSignal): Promise<KpiAnswer> {
  const body = await heavy(url, FIRST, signal);
  need(isRecord(body) && isRecord(body.figures) && isRecord(body.counts), url, 'figures or counts', body);
  const b = body as { figures: KpiFigures; counts: KpiCounts; change?: unknown };
  return { figures: b.figures, counts: b.counts, change: isRecord(b.change) ? (b.change as KpiAnswer['change']) : null };
}

export interface Bucket {
  key: string;
  name: string;
  count: number;
}

export interface Breakdown {
  total: number;
  buckets: Bucket[];
}

/** `priority`: FIRST for the ranking (read first), LATER for the charts. */
export async function fetchBreakdown(url: string, signal?: AbortSignal, priority: number = LATER): Promise<Breakdown> {
  const body = await heavy(url, priority, signal);
  need(isRecord(body) && typeof body.total === 'number' && Array.isArray(body.buckets), url, 'total or buckets', body);
  const b = body as { total: number; buckets: unknown[] };
  const buckets = b.buckets
    .filter((x): x is Record<string, unknown> => isRecord(x) && typeof x.key === 'string' && typeof x.count === 'number')
    .map((x) => ({ key: x.key as string, name: typeof x.name === 'string' ? x.name : (x.key as string), count: x.count as number }));
  return { total: b.total, buckets };
}

export async function fetchCase(id: string, signal?: AbortSignal): Promise<CaseDetail> {
  const url = `/api/cases/${encodeURIComponent(id)}`;
  const body = await request(url, {}, signal);
  need(isRecord(body) && typeof body.id === 'string' && Array.isArray(body.allowed) && Array.isArray(body.timeline) && isRecord(body.clock), url, 'case, clock, allowed or timeline', body);
  return body as unknown as CaseDetail;
}

export interface ActionInput {
  type: Action;
  expectedVersion: number;
  note?: string;
  reason?: string;
}

/** Takes one lifecycle action; a refusal (409 changed meanwhile, 403, 422 ...) is a DeskApiError. */
export async function postAction(id: string, input: ActionInput): Promise<CaseDetail> {
  const url = `/api/cases/${encodeURIComponent(id)}/actions`;
  const body = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  need(isRecord(body) && isRecord(body.case), url, 'case', body);
  return (body as { case: CaseDetail }).case;
}

export async function unmaskReporter(id: string): Promise<{ name?: string; phone?: string } | null> {
  const body = await request(`/api/cases/${encodeURIComponent(id)}/unmask`, { method: 'POST' });
  return isRecord(body) && isRecord(body.reporter) ? (body.reporter as { name?: string; phone?: string }) : null;
}

export interface SearchArea extends AreaNode {
  path: string[];
}

export interface SearchCase {
  id: string;
  status: CaseStatus;
  address: string | null;
  description: string;
  reportedAt: string;
}

export interface SearchAnswer {
  areas: SearchArea[];
  cases: SearchCase[];
}

export async function search(q: string, area: string, signal?: AbortSignal): Promise<SearchAnswer> {
  const url = `/api/search?q=${encodeURIComponent(q)}&area=${encodeURIComponent(area)}&limit=8`;
  const body = await request(url, {}, signal);
  need(isRecord(body) && Array.isArray(body.areas) && Array.isArray(body.cases), url, 'areas or cases', body);
  const b = body as { areas: unknown[]; cases: unknown[] };
  return {
    areas: b.areas.filter(isNode).map((a) => ({ code: a.code, name: a.name, level: a.level, path: Array.isArray((a as { path?: unknown }).path) ? ((a as unknown as { path: string[] }).path) : [] })),
    cases: b.cases.filter((c): c is SearchCase => isRecord(c) && typeof c.id === 'string'),
  };
}

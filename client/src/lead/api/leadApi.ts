import type { Principal } from '../../../../shared/src/access/principal.js';
import type { ActionResponse, CaseDetail } from '../../../../shared/src/api/cases.js';
import type { Case } from '../../../../shared/src/cases/caseModel.js';
import type { KpiReport } from '../../../../shared/src/kpi/kpiReport.js';
import type { SteerCommand } from '../../../../shared/src/steer/steerCommands.js';
import type { WallStatus } from '../../../../shared/src/steer/wallStatus.js';
import { isRecord } from '../../api/isRecord.js';

/** A refused or failed request: the status (0 without the network) and the server's message. */
export class LeadApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'LeadApiError';
  }
}

async function request(url: string, init: RequestInit = {}, signal?: AbortSignal): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new LeadApiError(0, 'network unreachable');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string' ? body.error.message : `${res.status} ${res.statusText}`;
    throw new LeadApiError(res.status, message);
  }
  return body;
}

function need(ok: boolean, url: string, what: string): void {
  if (!ok) throw new LeadApiError(502, `${url}: the answer has no ${what}`);
}

export async function fetchMe(signal?: AbortSignal): Promise<Principal> {
  const body = await request('/api/auth/me', {}, signal);
  need(isRecord(body) && isRecord(body.principal) && typeof body.principal.scope === 'string', '/api/auth/me', 'principal');
  return (body as { principal: Principal }).principal;
}

export async function fetchCityCode(signal?: AbortSignal): Promise<string> {
  const body = await request('/api/areas', {}, signal);
  need(isRecord(body) && isRecord(body.city) && typeof body.city.code === 'string', '/api/areas', 'city');
  return (body as { city: { code: string } }).city.code;
}

export async function fetchKpis(area: string, from: string, to: string, signal?: AbortSignal): Promise<KpiReport> {
  const url = `/api/kpis?${new URLSearchParams({ area, from, to }).toString()}`;
  const body = await request(url, {}, signal);
  need(isRecord(body) && isRecord(body.figures), url, 'figures');
  return body as KpiReport;
}

/** Open cases of the area needing a leader's eye: overdue now, or 重大. Newest first, at most `limit`. */
export async function fetchCaseList(query: Record<string, string>, signal?: AbortSignal): Promise<{ items: Case[]; total: number }> {
  const url = `/api/cases?${new URLSearchParams(query).toString()}`;
  const body = await request(url, {}, signal);
  need(isRecord(body) && Array.isArray(body.items) && typeof body.total === 'number', url, 'items');
  return body as { items: Case[]; total: number };
}

export async function fetchCase(id: string, signal?: AbortSignal): Promise<CaseDetail> {
  const url = `/api/cases/${encodeURIComponent(id)}`;
  const body = await request(url, {}, signal);
  need(isRecord(body) && Array.isArray(body.timeline) && isRecord(body.clock), url, 'timeline');
  return body as CaseDetail;
}

/** 督办: POST /api/cases/:id/supervise; the case as it is after (timeline included). */
export async function superviseCase(id: string, note: string, expectedVersion: number): Promise<CaseDetail> {
  const url = `/api/cases/${encodeURIComponent(id)}/supervise`;
  const body = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note, expectedVersion }) });
  need(isRecord(body) && isRecord(body.case), url, 'case');
  return (body as ActionResponse).case;
}

/** 大屏遥控: one command to a wall (POST /api/walls/:device/commands, README "Steering the wall"). */
export async function steerWall(device: string, command: SteerCommand): Promise<WallStatus> {
  const url = `/api/walls/${encodeURIComponent(device)}/commands`;
  const body = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(command) });
  need(isRecord(body) && isRecord(body.wall), url, 'wall');
  return (body as { wall: WallStatus }).wall;
}

import { WORKER_KINDS, type WorkerKind } from '../../../shared/src/staff/roster.js';
import { isRecord } from './isRecord.js';

/** What the grid staff board shows of one person of a grid cell (GET /api/staff; never phone numbers). */
export interface GridWorker {
  id: string;
  name: string;
  kind: WorkerKind;
  onDuty: boolean;
  /** Open cases the person holds now. */
  openCases: number;
}

/** A grid cell has a handful of people (3–7 in the roster; the community's 网格长 among them). */
const GRID_STAFF_LIMIT = 100;

export function gridStaffUrl(grid: string): string {
  return `/api/staff?${new URLSearchParams({ area: grid, limit: String(GRID_STAFF_LIMIT) }).toString()}`;
}

/**
 * Parses GET /api/staff for one grid cell (parsed, not trusted) and orders it for the board: on
 * duty first, then by post (网格长, 专职, 兼职 ...), then by name. A malformed item throws.
 */
export function parseGridStaff(json: unknown, url: string): GridWorker[] {
  if (!isRecord(json) || !Array.isArray(json.items)) throw new Error(`${url}: expected { items: [...] }`);
  const workers = json.items.slice(0, GRID_STAFF_LIMIT).map((item): GridWorker => {
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.name !== 'string') throw new Error(`${url}: a staff item has no id or name`);
    if (!(WORKER_KINDS as readonly unknown[]).includes(item.kind)) throw new Error(`${url}: ${item.id} has an unknown kind`);
    const openCases = typeof item.openCases === 'number' && Number.isFinite(item.openCases) ? item.openCases : 0;
    return { id: item.id, name: item.name, kind: item.kind as WorkerKind, onDuty: item.onDuty === true, openCases };
  });
  return workers.sort((a, b) => Number(b.onDuty) - Number(a.onDuty) || WORKER_KINDS.indexOf(a.kind) - WORKER_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name, 'zh-CN') || (a.id < b.id ? -1 : 1));
}

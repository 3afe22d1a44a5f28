import { isRecord } from './isRecord.js';
/** The most workers drawn for one area: GET /api/staff answers at most this many per request. */
export const STAFF_LIMIT = 500;

/** What the map needs of an on-duty worker on patrol. */
export interface StaffPoint {
  id: string;
  kind: string;
  position: [number, number];
  openCases: number;
}

const isLonLat = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n));

export function staffUrl(area: string): string {
  return `/api/staff?${new URLSearchParams({ area, onDuty: 'true', limit: String(STAFF_LIMIT) }).toString()}`;
}

/**
 * Parses GET /api/staff (parsed, not trusted): workers on duty with a position, at most
 * STAFF_LIMIT. Items without a position (off patrol) are skipped; a malformed body throws.
 */
export function parseStaffPositions(json: unknown, url: string): StaffPoint[] {
  if (!isRecord(json) || !Array.isArray(json.items)) throw new Error(`${url}: expected { items: [...] }`);
  const points: StaffPoint[] = [];
  for (const item of json.items.slice(0, STAFF_LIMIT)) {
    if (!isRecord(item) || typeof item.id !== 'string') throw new Error(`${url}: a staff item has no id`);
    if (item.onDuty !== true || !isLonLat(item.position)) continue;
    const openCases = typeof item.openCases === 'number' && Number.isFinite(item.openCases) ? item.openCases : 0;
    points.push({ id: item.id, kind: typeof item.kind === 'string' ? item.kind : '', position: item.position, openCases });
  }
  return points;
}

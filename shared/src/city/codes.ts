import type { Level } from './levels.js';

const CODE_PATTERN = /^\d{6}(\d{3}){0,4}$/;

export type CodeCheck = { ok: true; code: string } | { ok: false; reason: string };

/**
 * Checks the shape of an area code (not whether it exists). Codes nest: 6 digits for the city or a
 * district, then 3 more digits per level down to the building (18 digits).
 */
export function checkAreaCode(raw: unknown): CodeCheck {
  if (typeof raw !== 'string') return { ok: false, reason: 'area code must be a string of digits' };
  if (!CODE_PATTERN.test(raw)) {
    return { ok: false, reason: `area code "${raw.slice(0, 40)}" is malformed: expected 6, 9, 12, 15 or 18 digits` };
  }
  return { ok: true, code: raw };
}

/** Level implied by a well-formed code. A 6-digit code ending in "00" is a city (e.g. 410100). */
export function levelOfCode(code: string): Level {
  switch (code.length) {
    case 6:
      return code.endsWith('00') ? 'city' : 'district';
    case 9:
      return 'street';
    case 12:
      return 'community';
    case 15:
      return 'grid';
    default:
      return 'building';
  }
}

/** The code of the parent node, or null for a city. */
export function parentCodeOf(code: string, cityCode: string): string | null {
  const level = levelOfCode(code);
  if (level === 'city') return null;
  if (level === 'district') return cityCode;
  return code.slice(0, code.length - 3);
}

export function childCode(parent: string, sequence: number): string {
  return parent + String(sequence).padStart(3, '0');
}

/** True when `code` is `ancestor` itself or lies below it in the hierarchy. */
export function isWithin(code: string, ancestor: string, cityCode: string): boolean {
  // The city's own code (410100) is not a prefix of its districts (410102): compare the 4-digit city part.
  if (ancestor === cityCode) return code.startsWith(cityCode.slice(0, 4));
  return code.startsWith(ancestor);
}

/** A grid cell's code and its ancestors', city first: [city, district, street, community, grid]. */
export function gridChain(grid: string, cityCode: string): [string, string, string, string, string] {
  return [cityCode, grid.slice(0, 6), grid.slice(0, 9), grid.slice(0, 12), grid];
}

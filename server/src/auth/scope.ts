import { withinScope, type Principal } from '../../../shared/src/access/principal.js';
import type { Case, Reporter } from '../../../shared/src/cases/caseModel.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { checkAreaCode, levelOfCode } from '../../../shared/src/city/codes.js';
import { maskPhone } from '../../../shared/src/staff/roster.js';
import { HttpError } from '../http/errors.js';
import type { CaseQuery } from '../store/caseStore.js';

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

/**
 * The area a request is about, cut to the caller's scope: none given means the caller's own area;
 * one outside it is a 403 that names no data. Malformed or unknown codes are 400/404 as before.
 */
export function scopedArea(model: CityModel, principal: Principal, raw: string | undefined): { code: string; area: CaseQuery['area'] } {
  if (raw === undefined) return { code: principal.scope, area: areaFilter(model, principal.scope === model.cityCode ? undefined : principal.scope) };
  const area = areaFilter(model, raw);
  const code = area?.code ?? model.cityCode;
  if (!withinScope(code, principal.scope, model.cityCode)) throw new HttpError(403, `area ${code} lies outside your area ${principal.scope}`, 'area');
  return { code, area };
}

/**
 * Whether the caller handles the case: the operator or commander of the level handling it, or the
 * grid worker of its grid. Only they see the reporter's name and phone without unmasking.
 */
export function handles(principal: Principal, c: Case): boolean {
  if (principal.kind !== 'person') return false;
  const level = levelOfCode(principal.scope);
  if (principal.role === 'grid_worker') return principal.scope === c.area.grid;
  if (principal.role !== 'operator' && principal.role !== 'commander') return false;
  const handlingLevel = c.level === 'department' ? 'city' : c.level;
  if (level !== handlingLevel) return false;
  return level === 'city' || c.area[level as 'district' | 'street' | 'community' | 'grid'] === principal.scope;
}

/** 王女士 → 王**, 13800000000 → 138****0000. */
export function maskReporter(r: Reporter): Reporter {
  return {
    ...(r.name ? { name: `${[...r.name][0]}${'*'.repeat(Math.max(1, [...r.name].length - 1))}` } : {}),
    ...(r.phone ? { phone: maskPhone(r.phone) } : {}),
  };
}

/** The case as this caller may see it: reporter masked unless they handle it. */
export function forViewer<T extends Case>(c: T, principal: Principal): T {
  if (!c.reporter || handles(principal, c)) return c;
  return { ...c, reporter: maskReporter(c.reporter) };
}

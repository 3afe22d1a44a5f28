import { withinScope, type Principal } from '../../../shared/src/access/principal.js';
import type { Case, Reporter } from '../../../shared/src/cases/caseModel.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { checkAreaCode, levelOfCode } from '../../../shared/src/city/codes.js';
import { maskName, maskPhone } from '../../../shared/src/staff/roster.js';
import { HttpError } from '../http/errors.js';
import type { CaseQuery } from '../store/caseStore.js';

/**
 * The one answer for an area outside the caller's own, whether that area exists or not: a 404 for
 * a foreign code that does not exist would let anyone list the codes of other areas.
 */
export const outsideAreaMessage = (code: string, scope: string): string => `area ${code} lies outside your area ${scope}`;
export const outsideArea = (code: string, scope: string, field: string): HttpError => new HttpError(403, outsideAreaMessage(code, scope), field);

/** The store filter of an `area` (none for the city), or a 400 naming it: malformed, or a building. */
function filterOf(model: CityModel, code: string): CaseQuery['area'] {
  if (code === model.cityCode) return undefined;
  const check = checkAreaCode(code);
  if (!check.ok) throw new HttpError(400, check.reason, 'area');
  const level = levelOfCode(code);
  if (level === 'building' || level === 'city') throw new HttpError(400, `area ${code}: cases are filtered by city, district, street, community or grid`, 'area');
  return { level, code };
}

/**
 * The area a request is about, cut to the caller's scope: none given means the caller's own area.
 * A malformed code is a 400; one outside the caller's area a 403 that names no data, whether it
 * exists or not; an unknown code inside it a 404.
 */
export function scopedArea(model: CityModel, principal: Principal, raw: string | undefined): { code: string; area: CaseQuery['area'] } {
  const code = raw ?? principal.scope;
  const area = filterOf(model, code);
  if (!withinScope(code, principal.scope, model.cityCode)) throw outsideArea(code, principal.scope, 'area');
  if (!model.node(code)) throw new HttpError(404, `area ${code} not found`, 'area');
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
    ...(r.name ? { name: maskName(r.name) } : {}),
    ...(r.phone ? { phone: maskPhone(r.phone) } : {}),
  };
}

/** The case as this caller may see it: reporter masked unless they handle it. */
export function forViewer<T extends Case>(c: T, principal: Principal): T {
  if (!c.reporter || handles(principal, c)) return c;
  return { ...c, reporter: maskReporter(c.reporter) };
}

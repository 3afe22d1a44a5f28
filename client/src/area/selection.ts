import { checkAreaCode, levelOfCode } from '../../../shared/src/city/codes.js';
import type { Level } from '../../../shared/src/city/levels.js';
import type { DistrictAreas, OverviewAreas } from '../api/loadCity.js';
import type { AreaFeature } from '../map/geo/areaFeatures.js';

export type AreaParam = { kind: 'none' } | { kind: 'invalid'; reason: string } | { kind: 'code'; code: string; level: Level };

/** Reads `?area=<code>` from a location search string. */
export function parseAreaParam(search: string): AreaParam {
  const raw = new URLSearchParams(search).get('area');
  if (raw === null || raw === '') return { kind: 'none' };
  const check = checkAreaCode(raw.trim());
  if (!check.ok) return { kind: 'invalid', reason: check.reason };
  return { kind: 'code', code: check.code, level: levelOfCode(check.code) };
}

/** The district whose file holds the area's geometry, or null for areas in the overview file. */
export function detailDistrictOf(param: AreaParam): string | null {
  if (param.kind !== 'code' || (param.level !== 'community' && param.level !== 'grid' && param.level !== 'building')) return null;
  return param.code.slice(0, 6);
}

/** The district an area lies in (for loading its detail), or null for the city or no area. */
export function districtOf(param: AreaParam): string | null {
  if (param.kind !== 'code' || param.level === 'city') return null;
  return param.code.slice(0, 6);
}

export type Selection =
  | { status: 'none' }
  | { status: 'invalid'; reason: string }
  | { status: 'pending'; code: string }
  | { status: 'unknown'; code: string }
  | { status: 'found'; code: string; feature: AreaFeature };

const findIn = (features: readonly AreaFeature[], code: string): AreaFeature | undefined =>
  features.find((f) => f.properties.code === code);

/**
 * Resolves the URL's area against the loaded geometry. Buildings resolve to their grid cell (they
 * are not stored). `pending` means the district file holding the area is not loaded yet.
 */
export function resolveSelection(param: AreaParam, overview: OverviewAreas, district: DistrictAreas | undefined): Selection {
  switch (param.kind) {
    case 'none':
      return { status: 'none' };
    case 'invalid':
      return { status: 'invalid', reason: param.reason };
    case 'code':
      break;
  }
  const { code, level } = param;
  let feature: AreaFeature | undefined;
  switch (level) {
    case 'city':
      feature = findIn(overview.city, code);
      break;
    case 'district':
      feature = findIn(overview.districts, code);
      break;
    case 'street':
      feature = findIn(overview.streets, code);
      break;
    case 'community':
    case 'grid':
    case 'building': {
      if (!findIn(overview.districts, code.slice(0, 6))) return { status: 'unknown', code };
      if (!district) return { status: 'pending', code };
      feature = level === 'community' ? findIn(district.communities, code) : findIn(district.grids, code.slice(0, 15));
      break;
    }
  }
  return feature ? { status: 'found', code, feature } : { status: 'unknown', code };
}

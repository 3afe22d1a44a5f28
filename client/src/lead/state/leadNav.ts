import { LANGS, type Lang } from '../../i18n/strings.js';

/** The tablet's URL state: the followed area (default: the account's own) and the language. */
export interface LeadUrl {
  area: string | null;
  lang: Lang;
}

const AREA_CODE = /^\d{6}(\d{3}){0,3}$/;

export function parseLeadUrl(search: string): LeadUrl {
  const params = new URLSearchParams(search);
  const area = params.get('area');
  const lang = params.get('lang');
  return { area: area && AREA_CODE.test(area) ? area : null, lang: (LANGS as readonly string[]).includes(lang ?? '') ? (lang as Lang) : 'zh' };
}

export function leadSearch(url: LeadUrl): string {
  const params = new URLSearchParams();
  if (url.area) params.set('area', url.area);
  if (url.lang !== 'zh') params.set('lang', url.lang);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The area one level up (codes nest: 6 digits, then 3 per level); null for the city. */
export function parentOf(code: string, cityCode: string): string | null {
  if (code === cityCode) return null;
  if (code.length === 6) return cityCode;
  return code.slice(0, code.length - 3);
}

/** Whether `code` is `scope` or lies inside it (the city scope covers every code). */
export function covers(scope: string, code: string, cityCode: string): boolean {
  return scope === cityCode ? code.startsWith(cityCode.slice(0, 4)) : code.startsWith(scope);
}

/** Where "back" goes from `area` for an account scoped to `scope`: one level up, never above the scope. */
export function upFrom(area: string, scope: string, cityCode: string): string | null {
  const parent = parentOf(area, cityCode);
  return parent !== null && covers(scope, parent, cityCode) ? parent : null;
}

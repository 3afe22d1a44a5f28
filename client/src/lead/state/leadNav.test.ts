import { describe, expect, it } from 'vitest';
import { leadSearch, parseLeadUrl, parentOf, upFrom } from './leadNav.js';

const CITY = '410100';

describe('the tablet URL and its drill path', () => {
  it('reads area and lang, ignoring what is malformed', () => {
    expect(parseLeadUrl('?area=410105&lang=en')).toEqual({ area: '410105', lang: 'en' });
    expect(parseLeadUrl('?area=41x&lang=fr')).toEqual({ area: null, lang: 'zh' });
    expect(leadSearch({ area: '410105001', lang: 'zh' })).toBe('?area=410105001');
    expect(leadSearch({ area: null, lang: 'en' })).toBe('?lang=en');
  });

  it('goes up one level, never above the account', () => {
    expect(parentOf('410105001003', CITY)).toBe('410105001');
    expect(parentOf('410105', CITY)).toBe(CITY);
    expect(parentOf(CITY, CITY)).toBeNull();
    expect(upFrom('410105001', CITY, CITY)).toBe('410105');
    expect(upFrom('410105001', '410105', CITY)).toBe('410105');
    expect(upFrom('410105', '410105', CITY)).toBeNull();
    expect(upFrom('410105', CITY, CITY)).toBe(CITY);
  });
});

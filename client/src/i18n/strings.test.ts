import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../../shared/src/cases/caseModel.js';
import { CATEGORIES } from '../../../shared/src/cases/categories.js';
import { en, STRINGS, zh, type WallStrings } from './strings.js';

/** Every leaf string of a dictionary, functions called with sample arguments. */
function leaves(t: WallStrings): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'function') out.push(String((v as (...args: unknown[]) => unknown)('X', 'Y', 1)));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(t);
  return out;
}

const HAN = /\p{Script=Han}/u;

describe('wall strings', () => {
  it('has both languages', () => {
    expect(STRINGS.zh).toBe(zh);
    expect(STRINGS.en).toBe(en);
  });

  it('English has no Chinese left in it', () => {
    const chinese = leaves(en).filter((s) => HAN.test(s));
    expect(chinese).toEqual([]);
  });

  it('names every category in both languages', () => {
    for (const c of CATEGORIES) {
      expect(zh.categoryName(c.code)).toBe(c.name);
      expect(en.categoryName(c.code)).toBe(c.nameEn);
    }
    expect(zh.categoryName('??')).toBe('??');
  });

  it('names every status', () => {
    for (const s of STATUSES) {
      expect(zh.status[s]).toMatch(HAN);
      expect(en.status[s]).toMatch(/^[A-Z]/);
    }
  });

  it('explains every refusal of the live stream, naming the area', () => {
    expect(zh.refused('not_found', '410199')).toBe('区域不存在（410199）');
    expect(zh.refused('forbidden', '410102')).toBe('本账号无权查看区域 410102');
    for (const t of [zh, en]) {
      for (const code of ['not_found', 'forbidden', 'bad_request'] as const) expect(t.refused(code, '410102')).toContain('410102');
      expect(t.refused('version', '410102')).not.toBe('');
    }
    expect(zh.unauthorized).toContain('用大屏设备链接打开');
  });

  it('titles a refused area by what is wrong with it, not by its bare code', () => {
    expect(zh.kpiPanelRefused('forbidden', '410102')).toBe('区域 410102 · 本账号无权查看');
    expect(en.kpiPanelRefused('forbidden', '410102')).toBe('Area 410102 · not available to this account');
    expect(en.kpiPanelRefused('not_found', '410199')).toBe('Area 410199 · does not exist');
  });
});

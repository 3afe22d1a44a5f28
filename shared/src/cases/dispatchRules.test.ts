import { beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import type { CityModel } from '../city/cityModel.js';
import { buildRoster } from '../staff/buildRoster.js';
import type { Roster } from '../staff/roster.js';
import { URGENCIES } from './caseModel.js';
import { CATEGORIES, SUBCATEGORY_BY_CODE } from './categories.js';
import { DISPATCH_RULES, dispatchTarget, matchRule, UNITS, type DispatchFallback, type DispatchResult } from './dispatchRules.js';

/** Monday 2026-11-23 00:00 in Beijing. */
const MONDAY = Date.parse('2026-11-23T00:00:00+08:00');
const HOUR = 3_600_000;

describe('one-key dispatch rules', () => {
  it('routes every category, subcategory and urgency, and every row is reachable', () => {
    const used = new Set<string>();
    for (const category of CATEGORIES) {
      for (const sub of category.subcategories) {
        for (const urgency of URGENCIES) {
          const rule = matchRule(category.code, sub.code, urgency);
          expect(rule, `${sub.code} ${urgency}`).toBeDefined();
          expect(rule!.category).toBe(category.code);
          used.add(rule!.id);
        }
      }
    }
    // Category defaults may be unreachable today: they catch subcategories added later.
    const isDefault = (r: (typeof DISPATCH_RULES)[number]) => !r.subcategories && !r.urgencies;
    expect(DISPATCH_RULES.filter((r) => !used.has(r.id) && !isDefault(r)).map((r) => r.id)).toEqual([]);
  });

  it('ends every category with one default row', () => {
    for (const category of CATEGORIES) {
      const rows = DISPATCH_RULES.filter((r) => r.category === category.code);
      const defaults = rows.filter((r) => !r.subcategories && !r.urgencies);
      expect(defaults, category.code).toHaveLength(1);
      expect(rows.at(-1), category.code).toBe(defaults[0]);
      expect(matchRule(category.code, `${category.code}99`, 'normal'), category.code).toBe(defaults[0]);
    }
  });

  it('names rows uniquely and only with real subcategories and units', () => {
    expect(new Set(DISPATCH_RULES.map((r) => r.id)).size).toBe(DISPATCH_RULES.length);
    for (const r of DISPATCH_RULES) {
      for (const sub of r.subcategories ?? []) expect(SUBCATEGORY_BY_CODE.get(sub)?.category, `${r.id}: ${sub}`).toBe(r.category);
      if (r.target.kind === 'unit') expect(UNITS[r.target.unit]).toBeTruthy();
      expect(r.reason.length).toBeGreaterThan(3);
    }
    expect(matchRule('XX', 'XX01', 'normal')).toBeUndefined();
  });

  it('puts specific rows before their category default', () => {
    expect(matchRule('TF', 'TF04', 'major')!.id).toBe('TF/TF04→XF'); // fire goes to 119 even when major
    expect(matchRule('TF', 'TF01', 'major')!.id).toBe('TF@major→YJ');
    expect(matchRule('TF', 'TF01', 'normal')!.id).toBe('TF/TF01→GS');
    expect(matchRule('AQ', 'AQ03', 'simple')!.id).toBe('AQ/AQ03→RQ');
    expect(matchRule('AQ', 'AQ01', 'major')!.id).toBe('AQ@prominent+major→YJ');
    expect(matchRule('AQ', 'AQ01', 'normal')!.id).toBe('AQ→grid_worker');
    expect(matchRule('MD', 'MD03', 'simple')!.id).toBe('MD/MD03→RS');
    expect(matchRule('MD', 'MD01', 'prominent')!.id).toBe('MD@prominent+major→SF');
    expect(matchRule('JM', 'JM03', 'simple')!.id).toBe('JM@simple→grid_worker');
    expect(matchRule('JM', 'JM03', 'normal')!.id).toBe('JM/JM03→JY');
    expect(matchRule('SR', 'SR02', 'simple')!.id).toBe('SR/SR02→CG');
    expect(matchRule('GY', 'GY01', 'normal')!.id).toBe('GY→SZ');
    expect(matchRule('ZA', 'ZA02', 'simple')!.id).toBe('ZA→GA');
  });

  describe('with the roster', () => {
    let model: CityModel;
    let roster: Roster;
    beforeAll(() => {
      model = loadCity().model;
      roster = buildRoster(model);
    });

    it('sends unit rows to the unit of the grid’s district', () => {
      const grid = model.nodesAt('grid').find((g) => g.code.startsWith('410105'))!;
      const result = dispatchTarget({ category: 'GY', subcategory: 'GY01', urgency: 'normal', grid: grid.code }, roster, MONDAY + 10 * HOUR);
      expect(result).toEqual({ assignee: 'unit:410105:SZ', assigneeName: '金水区市政设施事务中心', kind: 'unit', rule: 'GY→SZ', fallback: null });
    });

    it('sends grid-worker rows down the chain: own full-timer, A/B岗, grid chief, part-timer, street 城管', () => {
      const seen = new Map<DispatchFallback | null, DispatchResult>();
      const grids = [...model.nodesAt('grid').filter((_, i) => i % 200 === 0).map((g) => g.code), ...roster.vacancies];
      for (const grid of grids) {
        for (let h = 0; h < 7 * 24; h++) {
          const ms = MONDAY + h * HOUR + 45 * 60_000;
          const result = dispatchTarget({ category: 'MD', subcategory: 'MD01', urgency: 'normal', grid }, roster, ms);
          expect(result.rule).toBe('MD→grid_worker');
          const expected = roster.onDutyWorker(grid, ms);
          if (expected) {
            expect(result).toMatchObject({ kind: 'worker', assignee: expected.id, assigneeName: expected.name });
          } else {
            expect(result).toMatchObject({ kind: 'unit', assignee: `unit:${grid.slice(0, 9)}:CG`, fallback: 'street_unit' });
            expect(result.assigneeName).toBe(`${model.node(grid.slice(0, 9))!.name}城管执法中队`);
          }
          if (!seen.has(result.fallback)) seen.set(result.fallback, result);
        }
      }
      expect([...seen.keys()].sort()).toEqual(['ab_post', 'grid_chief', 'part_time', 'street_unit', null].sort());
      const byKind = (f: DispatchFallback | null) => (seen.get(f)!.kind === 'worker' ? roster.byId(seen.get(f)!.assignee)!.kind : 'unit');
      expect(byKind(null)).toBe('full_time');
      expect(byKind('ab_post')).toBe('full_time');
      expect(byKind('grid_chief')).toBe('grid_chief');
      expect(byKind('part_time')).toBe('part_time');
    });

    it('refuses what it cannot route', () => {
      const grid = model.nodesAt('grid')[0]!.code;
      expect(() => dispatchTarget({ category: 'XX', subcategory: 'XX01', urgency: 'normal', grid }, roster, MONDAY)).toThrow(/no dispatch rule/);
      expect(() => dispatchTarget({ category: 'MD', subcategory: 'MD01', urgency: 'normal', grid: grid.slice(0, 12) }, roster, MONDAY)).toThrow(/grid code/);
    });
  });
});

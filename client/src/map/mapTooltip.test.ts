import { describe, expect, it } from 'vitest';
import { STATUS_NAMES, URGENCY_NAMES } from '../../../shared/src/cases/caseModel.js';
import { CATEGORY_BY_CODE } from '../../../shared/src/cases/categories.js';
import { mapTooltipText, parseCaseFacts, placeTooltip, type CaseTipLabels } from './mapTooltip.js';

const labels: CaseTipLabels = {
  columns: { category: '类别', urgency: '紧急程度', status: '状态', time: '上报时间' },
  categoryName: (code) => CATEGORY_BY_CODE.get(code)?.name ?? code,
  urgency: URGENCY_NAMES,
  status: STATUS_NAMES,
  time: (iso) => iso ?? '—',
};

describe('mapTooltipText', () => {
  it('names a case by id, category and subcategory in Chinese, urgency, status and report time', () => {
    const text = mapTooltipText({
      kind: 'case',
      facts: { id: '01JCASE', category: 'SR', subcategory: 'SR01', urgency: 'major', status: 'dispatched', reported: '2026-12-07T08:00:00+08:00' },
      labels,
    });
    expect(text).toEqual({ title: '01JCASE', lines: ['类别: 市容环境 · 暴露垃圾', '紧急程度: 重大', '状态: 已派遣', '上报时间: 2026-12-07T08:00:00+08:00'] });
  });

  it('shows an unknown subcategory by its code', () => {
    const text = mapTooltipText({ kind: 'case', facts: { id: 'x', category: 'SR', subcategory: 'ZZ99', urgency: 'normal', status: 'reported', reported: null }, labels });
    expect(text.lines[0]).toBe('类别: 市容环境 · ZZ99');
    expect(text.lines[3]).toBe('上报时间: —');
  });

  it('names an area and the value the map shows, in the locale', () => {
    expect(mapTooltipText({ kind: 'area', name: '经八路街道', metric: '在办', value: 12345, locale: 'zh-CN' })).toEqual({ title: '经八路街道', lines: ['在办: 12,345'] });
    expect(mapTooltipText({ kind: 'area', name: '经八路街道', metric: '在办', value: null, locale: 'zh-CN' }).lines).toEqual(['在办: —']);
  });

  it('names a building and its cases when counted', () => {
    expect(mapTooltipText({ kind: 'building', name: '1号楼', metric: '案件数', cases: 2, locale: 'zh-CN' })).toEqual({ title: '1号楼', lines: ['案件数: 2'] });
    expect(mapTooltipText({ kind: 'building', name: '1号楼', metric: '案件数', cases: null, locale: 'zh-CN' }).lines).toEqual([]);
  });
});

describe('placeTooltip', () => {
  const viewport = { width: 1000, height: 600 };
  const size = { width: 200, height: 80 };

  it('goes below and right of the pointer where there is room', () => {
    expect(placeTooltip(100, 100, size, viewport)).toEqual({ left: 112, top: 112 });
  });

  it('flips to the left and above near the right and bottom edges', () => {
    expect(placeTooltip(950, 580, size, viewport)).toEqual({ left: 950 - 12 - 200, top: 580 - 12 - 80 });
  });

  it('stays inside the viewport, even when larger than the room on either side', () => {
    const { left, top } = placeTooltip(150, 50, { width: 300, height: 590 }, { width: 400, height: 600 });
    expect(left).toBeGreaterThanOrEqual(4);
    expect(left + 300).toBeLessThanOrEqual(396);
    expect(top).toBe(4);
  });
});

describe('parseCaseFacts', () => {
  it('reads what the tooltip shows of a case answer', () => {
    const json = { id: 'c1', category: 'SR', subcategory: 'SR01', urgency: 'normal', status: 'reported', times: { reported: '2026-12-07T08:00:00+08:00' }, description: '…' };
    expect(parseCaseFacts(json, '/api/cases/by-seq/1')).toEqual({ id: 'c1', category: 'SR', subcategory: 'SR01', urgency: 'normal', status: 'reported', reported: '2026-12-07T08:00:00+08:00' });
  });

  it('refuses an answer without the fields, naming the URL', () => {
    expect(() => parseCaseFacts({ id: 'c1' }, '/api/cases/by-seq/1')).toThrow('/api/cases/by-seq/1');
  });
});

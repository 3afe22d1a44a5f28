import { beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { FIXTURE_EPOCH_MS, makeFullCase } from '../store/caseFixtures.js';
import { caseCsv, csvCell } from './caseCsv.js';

describe('CSV cells', () => {
  it('neutralises text a spreadsheet would run as a formula (= + - @ tab CR) with a leading quote', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","点击")')).toBe(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    expect(csvCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(1+1)')).toBe("'@SUM(1+1)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
  });

  it('leaves other text and numbers as they are, quoting separators, quotes and line breaks', () => {
    expect(csvCell('路口暴露垃圾')).toBe('路口暴露垃圾');
    expect(csvCell('a = b')).toBe('a = b');
    expect(csvCell('一,二')).toBe('"一,二"');
    expect(csvCell('说"好"')).toBe('"说""好"""');
    expect(csvCell('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(113.6713)).toBe('113.6713');
    expect(csvCell(null)).toBe('');
  });
});

describe('case export lines', () => {
  let model: CityModel;
  beforeAll(() => {
    model = loadCity().model;
  });

  it('names columns in Chinese by default, in English on request, with codes in their own columns', () => {
    const zh = caseCsv(model, 'zh').header.split(',');
    const en = caseCsv(model, 'en').header.split(',');
    expect(zh).toHaveLength(en.length);
    expect(zh.slice(0, 4)).toEqual(['案件编号', '上报时间', '来源渠道', '来源渠道代码']);
    expect(zh).toEqual(expect.arrayContaining(['大类', '大类代码', '小类', '小类代码', '紧急程度', '紧急程度代码', '状态', '状态代码', '区县', '区县代码', '街道', '街道代码', '社区', '社区代码', '网格', '网格代码']));
    expect(en.slice(0, 4)).toEqual(['id', 'reportedAt', 'channelName', 'channel']);
  });

  it('writes each code beside its Chinese name, and neutralises formulas in every text cell', () => {
    const c = makeFullCase('01KCASE0000000000000000001', FIXTURE_EPOCH_MS, { status: 'accepted', description: '=HYPERLINK("http://evil.example")', address: '+cmd|calc' });
    const { header, row } = caseCsv(model, 'zh');
    const line = row(c).split(',');
    const cell = (name: string) => line[header.split(',').indexOf(name)];
    expect([cell('来源渠道'), cell('来源渠道代码')]).toEqual(['12345热线', 'hotline_12345']);
    expect([cell('大类'), cell('大类代码'), cell('小类'), cell('小类代码')]).toEqual(['民生诉求', 'MS', '噪音扰民', 'MS03']);
    expect([cell('紧急程度'), cell('紧急程度代码'), cell('状态'), cell('状态代码')]).toEqual(['突出', 'prominent', '处置中', 'accepted']);
    for (const level of ['district', 'street', 'community', 'grid'] as const) {
      const zhName = { district: '区县', street: '街道', community: '社区', grid: '网格' }[level];
      expect(cell(zhName), level).toBe(model.node(c.area[level])!.name);
      expect(cell(`${zhName}代码`), level).toBe(c.area[level]);
    }
    expect(cell('问题描述')).toBe(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(cell('地址')).toBe("'+cmd|calc");
    expect(row(c)).not.toContain('王女士');
    expect(row(c)).not.toMatch(/138/);
  });
});

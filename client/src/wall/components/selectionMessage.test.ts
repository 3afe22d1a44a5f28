import { describe, expect, it } from 'vitest';
import { en, zh } from '../../i18n/strings.js';
import { kpiPanelTitle, selectionMessage } from './selectionMessage.js';

const names = new Map([['410105', '金水区']]);

describe('selectionMessage', () => {
  it('says nothing of an area the map cannot find: the live stream refuses it and says why', () => {
    expect(selectionMessage({ status: 'unknown', code: '410102' }, zh)).toBeNull();
    expect(selectionMessage({ status: 'pending', code: '410105001001' }, zh)).toBe(zh.selectionPending('410105001001'));
  });
});

describe('kpiPanelTitle', () => {
  it('names the area, in the page language', () => {
    expect(kpiPanelTitle('410105', names, null, zh)).toBe('金水区 · 今日运行指标');
    expect(kpiPanelTitle('410105', names, null, en)).toBe('Today · 金水区');
  });

  it('says an area outside the account is not available to it, or that it does not exist', () => {
    expect(kpiPanelTitle('410102', names, { area: '410102', code: 'forbidden', message: 'outside your area' }, zh)).toBe('区域 410102 · 本账号无权查看');
    expect(kpiPanelTitle('410102', names, { area: '410102', code: 'forbidden', message: 'outside your area' }, en)).toBe('Area 410102 · not available to this account');
    expect(kpiPanelTitle('410199', names, { area: '410199', code: 'not_found', message: 'no such area' }, zh)).toBe('区域 410199 · 不存在');
  });

  it('keeps the name while another area was refused (a tour moved on) or for a passing refusal', () => {
    expect(kpiPanelTitle('410105', names, { area: '410102', code: 'forbidden', message: '' }, zh)).toBe('金水区 · 今日运行指标');
    expect(kpiPanelTitle('410105', names, { area: '410105', code: 'version', message: '' }, zh)).toBe('金水区 · 今日运行指标');
  });
});

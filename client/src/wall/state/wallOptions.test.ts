import { describe, expect, it } from 'vitest';
import { en, zh } from '../../i18n/strings.js';
import { DEFAULT_OPTIONS, noticeText, parseWallOptions } from './wallOptions.js';

describe('parseWallOptions', () => {
  it('defaults to the whole city, fit, no rotation, Chinese', () => {
    expect(parseWallOptions('')).toEqual({ options: DEFAULT_OPTIONS, notices: [] });
    expect(DEFAULT_OPTIONS).toEqual({ area: { kind: 'none' }, mode: 'fit', rotateSeconds: 0, lang: 'zh', alarmSeconds: 15, metric: 'open', layers: null, points: 50_000, debug: false });
  });

  it('reads every option', () => {
    const { options, notices } = parseWallOptions('?area=410105&mode=fill&rotate=30&lang=en');
    expect(notices).toEqual([]);
    expect(options).toEqual({ area: { kind: 'code', code: '410105', level: 'district' }, mode: 'fill', rotateSeconds: 30, lang: 'en', alarmSeconds: 15, metric: 'open', layers: null, points: 50_000, debug: false });
  });

  it('reads the live map options: metric and a layers list', () => {
    const { options, notices } = parseWallOptions('?metric=Overdue&layers=heatmap,%20Points,workers');
    expect(notices).toEqual([]);
    expect(options.metric).toBe('overdue');
    expect([...(options.layers ?? [])]).toEqual(['heatmap', 'points', 'workers']);
    expect([...(parseWallOptions('?layers=').options.layers ?? ['x'])]).toEqual([]);
  });

  it('reads metric=per10k (open cases per 10,000 households) and names it among the choices', () => {
    expect(parseWallOptions('?metric=PER10K').options.metric).toBe('per10k');
    expect(noticeText(parseWallOptions('?metric=rate').notices[0]!, en)).toBe('metric=rate is not one of open, overdue, new, per10k: using open');
  });

  it('refuses an unknown metric or layer, keeping the defaults, with a notice', () => {
    const { options, notices } = parseWallOptions('?metric=total&layers=points,buildings');
    expect(options).toMatchObject({ metric: 'open', layers: null });
    expect(notices).toEqual([
      { kind: 'invalid', param: 'metric', value: 'total' },
      { kind: 'invalid', param: 'layers', value: 'points,buildings' },
    ]);
    expect(noticeText(notices[0]!, zh)).toContain('metric=total');
    expect(noticeText(notices[1]!, en)).toBe('layers=points,buildings is not a comma list of choropleth, heatmap, points, workers, coverage, centres: using the default layers');
  });

  it('accepts harmless variants: case, spaces, language subtags, rotate=0', () => {
    expect(parseWallOptions('?mode=%20Physical%20&lang=EN-us&rotate=0').options).toMatchObject({ mode: 'physical', lang: 'en', rotateSeconds: 0 });
    expect(parseWallOptions('?lang=zh-CN').options.lang).toBe('zh');
    expect(parseWallOptions('?rotate=3600').options.rotateSeconds).toBe(3600);
  });

  it('falls back to the default and says so for each invalid value', () => {
    const { options, notices } = parseWallOptions('?area=41x&mode=stretch&rotate=abc&lang=fr');
    expect(options).toEqual({ ...DEFAULT_OPTIONS, area: { kind: 'invalid', reason: expect.any(String) } });
    expect(notices).toEqual([
      { kind: 'invalid', param: 'area', value: '41x' },
      { kind: 'invalid', param: 'mode', value: 'stretch' },
      { kind: 'invalid', param: 'rotate', value: 'abc' },
      { kind: 'invalid', param: 'lang', value: 'fr' },
    ]);
  });

  it.each(['-5', '5', '9', '3601', '1.5', '1e3', '', ' '])('refuses rotate=%j', (value) => {
    const { options, notices } = parseWallOptions(`?rotate=${encodeURIComponent(value)}`);
    expect(options.rotateSeconds).toBe(0);
    expect(notices).toEqual([{ kind: 'invalid', param: 'rotate', value }]);
  });

  it('names unknown and repeated parameters, using the first of repeated values', () => {
    const { options, notices } = parseWallOptions('?zoom=3&mode=fill&mode=fit&verbose');
    expect(options.mode).toBe('fill');
    expect(notices).toEqual([{ kind: 'unknown', param: 'zoom' }, { kind: 'repeated', param: 'mode' }, { kind: 'unknown', param: 'verbose' }]);
  });

  it('reads debug=1 (map state in the status line), off by default and for 0', () => {
    expect(parseWallOptions('?debug=1')).toEqual({ options: { ...DEFAULT_OPTIONS, debug: true }, notices: [] });
    expect(parseWallOptions('?debug').options.debug).toBe(true);
    expect(parseWallOptions('?debug=0').options.debug).toBe(false);
    expect(parseWallOptions('?debug=ON').options.debug).toBe(true);
    for (const value of ['yes', 'constructor', '2']) {
      const { options, notices } = parseWallOptions(`?debug=${value}`);
      expect(options.debug).toBe(false);
      expect(notices).toEqual([{ kind: 'invalid', param: 'debug', value }]);
    }
    expect(noticeText(parseWallOptions('?debug=yes').notices[0]!, en)).toBe('debug=yes is not 1 or 0: off');
    expect(noticeText(parseWallOptions('?debug=yes').notices[0]!, zh)).toBe('debug=yes 无效（1 / 0），已关闭');
  });

  it('treats an empty area as none, as before', () => {
    expect(parseWallOptions('?area=')).toEqual({ options: DEFAULT_OPTIONS, notices: [] });
  });

  it('cuts long values in notices', () => {
    const { notices } = parseWallOptions(`?mode=${'x'.repeat(500)}`);
    expect(notices[0]).toMatchObject({ kind: 'invalid', value: `${'x'.repeat(40)}…` });
  });
});

describe('noticeText', () => {
  it('speaks the wall language', () => {
    const { notices } = parseWallOptions('?mode=stretch&foo=1');
    expect(notices.map((n) => noticeText(n, zh))).toEqual(['未知参数 foo，已忽略', 'mode=stretch 无效（fit / fill / physical），使用 fit']);
    expect(notices.map((n) => noticeText(n, en))).toEqual(['Unknown parameter foo ignored', 'mode=stretch is not fit, fill or physical: using fit']);
  });

  it('reads alarm=<seconds>: 0 turns takeovers off, out of range falls back with a notice', () => {
    expect(parseWallOptions('?alarm=0').options.alarmSeconds).toBe(0);
    expect(parseWallOptions('?alarm=30').options.alarmSeconds).toBe(30);
    const { options, notices } = parseWallOptions('?alarm=2');
    expect(options.alarmSeconds).toBe(15);
    expect(notices).toEqual([{ kind: 'invalid', param: 'alarm', value: '2' }]);
  });
});

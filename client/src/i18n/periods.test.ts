import { describe, expect, it } from 'vitest';
import { en, zh } from './strings.js';

/**
 * A panel's figures all cover one period, and its title says which: today's KPIs, the 24-hour
 * trend, today's ranking, and the category bars and 累计受理 counting every case so far (a
 * community read 今日受理 0 beside a category bar of 1 when the bars' period went unsaid).
 */
describe('panel periods', () => {
  it('names the period of every panel and figure that is not today’s', () => {
    expect(zh.categoryPanel).toMatch(/累计/);
    expect(en.categoryPanel).toMatch(/all time/);
    expect(zh.kpi.total).toMatch(/累计/);
    expect(en.kpi.total).toMatch(/all time/);
    expect(zh.trendPanel).toMatch(/24小时/);
    expect(en.trendPanel).toMatch(/24 hours/);
    expect(zh.childrenPanel('street')).toMatch(/今日/);
    expect(en.childrenPanel('street')).toMatch(/today/);
    expect(zh.today.received).toMatch(/今日/);
    expect(en.today.received).toMatch(/today/);
  });
});

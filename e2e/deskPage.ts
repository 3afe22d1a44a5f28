import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Waits for conditions in a loaded page: software WebGL and a busy machine make a minute a fair bound. */
export const POLL = { timeout: 60_000 };

export interface DeskFigures {
  table: number;
  received: number;
  category: number;
  urgency: number;
  ranking: number;
}

/** The figures the desk shows for one state, once every panel has loaded it and none says it failed. */
export async function deskFigures(page: Page): Promise<DeskFigures> {
  await expect.poll(() => page.locator('[data-testid="desk-table"]:not([data-total=""])').count(), POLL).toBe(1);
  // Polled as names, so that a panel that never settles names itself in the failure.
  await expect.poll(() => page.locator('[aria-busy="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? e.className)), POLL).toEqual([]);
  expect(await page.locator('.desk-error').allTextContents(), 'a panel says it failed').toEqual([]);
  return page.evaluate(() => {
    const num = (sel: string, attr: string) => Number(document.querySelector(sel)?.getAttribute(attr) ?? NaN);
    const ranking = [...document.querySelectorAll('[data-testid="desk-ranking"] button[data-count]')].reduce((s, b) => s + Number(b.getAttribute('data-count')), 0);
    return {
      table: num('[data-testid="desk-table"]', 'data-total'),
      received: Number((document.querySelector('[data-testid="kpi-received"]')?.textContent ?? '').replace(/,/g, '')),
      category: num('[data-testid="desk-chart-category"]', 'data-sum'),
      urgency: num('[data-testid="desk-chart-urgency"]', 'data-sum'),
      ranking,
    };
  });
}

/** The ids of the table's rows, top to bottom. */
export function tableIds(page: Page): Promise<(string | null)[]> {
  return page.locator('[data-testid="desk-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
}

/** The query string of the page's URL ("?area=..."). */
export const searchOf = (page: Page): string => new URL(page.url()).search;

/** WCAG 2 relative luminance of a CSS rgb()/rgba() colour. */
export function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
}

/** WCAG 2 contrast ratio of two CSS colours (1–21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

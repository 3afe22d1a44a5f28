import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt, recordPage, waitForSettledMap } from './browserHarness.js';
import { zh } from '../client/src/i18n/strings.js';
import { formatShanghai } from '../server/src/store/caseRow.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
/** Software WebGL on a shared machine: a wall takes 15–45 s to settle. */
const TEST_TIMEOUT_MS = 180_000;

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the wall board browser tests (e2e/wallBoards.browser.test.ts).\n`);

/** What the page reports about the ranking board in one animation frame (see watchRankingBoard). */
interface BoardProblem {
  kind: 'overlap' | 'order';
  detail: string;
}

describe.skipIf(!hasChromium)('the wall’s boards and status line in headless Chromium', () => {
  let server: TestServer;
  let origin: string;
  let deviceToken: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
    origin = new URL(server.url).origin;
    deviceToken = (await server.auth.createDevice({ label: '测试大屏', scope: server.model.cityCode, kind: 'display' }, null)).token;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openWall(search: string, viewport = { width: 1920, height: 1080 }) {
    const page = await browser.newPage({ viewport });
    const recorded = recordPage(page);
    await page.goto(`${origin}/wall${search}${search ? '&' : '?'}device=${deviceToken}`);
    await page.waitForSelector('[data-testid="wall-map"] canvas', { timeout: 60_000 });
    await expect.poll(() => page.textContent('[data-testid="live-status"]'), { timeout: 30_000 }).toBe(zh.live);
    return { page, ...recorded };
  }

  /** The city's districts, by code. */
  const districts = (): string[] => server.model.children(server.model.cityCode).map((n) => n.code).sort();

  /** A point inside `grid` (its centroid, checked with the resolver), or null. */
  async function pointIn(grid: string): Promise<[number, number] | null> {
    const [lon, lat] = server.model.node(grid)!.centroid;
    const { status, body } = await server.api.get(`/api/resolve?lon=${lon}&lat=${lat}`);
    return status === 200 && body.chain?.grid?.code === grid ? [lon, lat] : null;
  }

  /** The first grid cell under `area` whose centroid lies in it. */
  async function gridWithPoint(area: string): Promise<{ grid: string; point: [number, number] }> {
    for (const node of server.model.nodesAt('grid')) {
      if (!node.code.startsWith(area)) continue;
      const point = await pointIn(node.code);
      if (point) return { grid: node.code, point };
    }
    throw new Error(`no grid cell of ${area} holds its own centroid`);
  }

  /** Posts `count` cases at `point`; their ids. */
  async function post(point: [number, number], count: number, reportedAt?: string): Promise<string[]> {
    const items = Array.from({ length: count }, (_, i) => ({
      channel: 'hotline_12345',
      category: 'SR',
      subcategory: 'SR01',
      urgency: 'normal',
      lon: point[0],
      lat: point[1],
      description: `看板测试 ${i}`,
      ...(reportedAt ? { reportedAt } : {}),
    }));
    const res = await server.api.post('/api/cases', items);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.results.map((r: { id: string }) => r.id);
  }

  it('shows no debug text on a kiosk wall (only with ?debug=1), and a clean console with the heatmap drawn', async () => {
    // Each test posts into districts of its own: the ranking test counts every case of its districts.
    const { grid, point } = await gridWithPoint(districts().at(-1)!);
    await post(point, 3);
    const { page, errors } = await openWall('');
    try {
      const map = page.locator('[data-testid="wall-map"]');
      // The heatmap draws the cases (its weight map is computed): the luma.gl warning came from there.
      await expect.poll(() => map.getAttribute('data-live-layers'), { timeout: 30_000 }).toContain('heatmap');
      await expect.poll(() => page.getAttribute('[data-testid="live-total"]', 'data-value'), { timeout: 30_000 }).toBe('3');
      await page.waitForSelector('[data-testid="wall-map"][data-frames]', { timeout: 60_000 });
      await waitForSettledMap(page);
      expect(await page.locator('[data-testid="debug-status"]').count()).toBe(0);
      // Nothing of the map's state anywhere on the canvas: no zoom, no loaded detail, no selection line.
      const text = (await page.textContent('[data-testid="wall-canvas"]')) ?? '';
      for (const leak of [zh.zoom(''), zh.selectionFound('', '').slice(0, 2), zh.detailLoaded(0, '0', 0).slice(0, 4)]) expect(text).not.toContain(leak.trim());
      writeFileSync(join(artifacts, 'wall-boards-kiosk.png'), await page.screenshot());
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
    // Whoever sets the wall up asks for it.
    const debug = await openWall(`?debug=1&area=${grid}`);
    try {
      const line = debug.page.locator('[data-testid="debug-status"]');
      await expect.poll(() => line.textContent(), { timeout: 30_000 }).toMatch(/^缩放 \d+\.\d/);
      await expect.poll(() => debug.page.textContent('.wall-status'), { timeout: 60_000 }).toContain(grid);
      expect(debug.errors, debug.errors.join('\n')).toEqual([]);
    } finally {
      await debug.page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('keeps the ranking board in order through updates at 6656×1792, rows never drawn over each other, too few cases apart', async () => {
    // Six districts with 12 cases each (ranked) and two with 3 (too few to judge); then, one
    // district after another, their cases are registered: its registration rate, and so its score,
    // rises, and at the next KPI refresh (every 5 s) it climbs to the top past the rows above it.
    const ranked = districts().slice(0, 6);
    const few = districts().slice(6, 8);
    for (const d of [...ranked, ...few]) await post((await gridWithPoint(d)).point, ranked.includes(d) ? 12 : 3);
    const { page, errors } = await openWall('?layers=', { width: 6656, height: 1792 });
    try {
      const board = page.locator('[data-testid="children-board"]');
      await expect.poll(() => board.locator('[data-score]:not([data-score=""])').count(), { timeout: 30_000 }).toBe(ranked.length);
      // Every animation frame, the page checks what a viewer sees: no two rows over each other, and
      // down the board ranks 1, 2, 3 … with scores that never rise.
      await page.evaluate(() => {
        const problems: { kind: string; detail: string }[] = [];
        Object.assign(window, { __boardProblems: problems });
        const check = () => {
          const body = document.querySelector('[data-testid="children-board"] .board__body');
          if (body && problems.length < 20) {
            const view = body.getBoundingClientRect();
            const rows = [...body.querySelectorAll<HTMLElement>('.board__row')]
              .map((el) => ({ el, box: el.getBoundingClientRect(), slot: Number(el.dataset.slot) }))
              .filter((r) => r.box.bottom > view.top + 1 && r.box.top < view.bottom - 1);
            const byTop = [...rows].sort((a, b) => a.box.top - b.box.top);
            for (let i = 1; i < byTop.length; i++) {
              const [a, b] = [byTop[i - 1]!, byTop[i]!];
              if (b.box.top < a.box.bottom - 1) problems.push({ kind: 'overlap', detail: `${a.el.dataset.rowId ?? 'divider'} ${a.box.top.toFixed(0)}–${a.box.bottom.toFixed(0)} / ${b.el.dataset.rowId ?? 'divider'} ${b.box.top.toFixed(0)}` });
            }
            const placed = rows
              .sort((a, b) => a.slot - b.slot)
              .map((r) => ({ rank: r.el.querySelector('.rank')?.textContent ?? '', score: r.el.querySelector('[data-score]')?.getAttribute('data-score') ?? '' }))
              .filter((r) => r.score !== '');
            for (let i = 1; i < placed.length; i++) {
              const [a, b] = [placed[i - 1]!, placed[i]!];
              if (Number(b.rank) !== Number(a.rank) + 1 || Number(b.score) > Number(a.score)) problems.push({ kind: 'order', detail: `#${a.rank} ${a.score} above #${b.rank} ${b.score}` });
            }
          }
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      const problems = () => page.evaluate(() => (window as unknown as { __boardProblems: BoardProblem[] }).__boardProblems);
      // Registered in falling code order: each newly registered district outranks the unregistered
      // ones and, on a tie, those registered before it (ties go by code), so it climbs to the top.
      for (const d of [...ranked].sort().reverse().slice(0, 4)) {
        const { items } = (await server.api.get(`/api/cases?area=${d}&status=reported&limit=500`)).body as { items: { id: string }[] };
        for (const { id } of items) expect((await server.api.post(`/api/cases/${id}/actions`, { type: 'register' })).status).toBe(201);
        await expect.poll(() => board.locator(`[data-row-id="${d}"]`).getAttribute('data-slot'), { timeout: 30_000 }).toBe('0');
      }
      writeFileSync(join(artifacts, 'wall-boards-6656x1792.png'), await page.screenshot());
      // The districts with 3 cases: after a divider, no rank, their count in the score column.
      for (const d of few) {
        const row = board.locator(`[data-row-id="${d}"]`);
        expect(await row.locator('[data-received]').getAttribute('data-received')).toBe('3');
        expect(await row.locator('.rank').textContent()).toBe('—');
      }
      expect(await board.locator('.board__cell--divider').textContent()).toBe(zh.rankTooFew);
      const found = await problems();
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('a grid cell’s wall lists its people instead of ranking buildings, and dates yesterday’s case on the case board', async () => {
    const { grid, point } = await gridWithPoint(districts().at(-2)!);
    const yesterday = Date.now() - 24 * 3_600_000;
    const [old] = await post(point, 1, formatShanghai(yesterday));
    const [fresh] = await post(point, 1);
    const { page, errors } = await openWall(`?area=${grid}`);
    try {
      const panel = page.locator('[data-testid="children-panel"]');
      expect(await panel.locator('h2').textContent()).toBe(zh.gridStaffPanel);
      // The rows in view (slots 0–5 of the 1920×1080 board): the cell's people, on duty first.
      const staff = page.locator('[data-testid="grid-staff-board"] [data-row-id]:is([data-slot="0"],[data-slot="1"],[data-slot="2"],[data-slot="3"],[data-slot="4"],[data-slot="5"])');
      await expect.poll(() => staff.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      const people = new Map(((await server.api.get(`/api/staff?area=${grid}&limit=100`)).body.items as { id: string; name: string }[]).map((w) => [w.id, w.name]));
      // One read of every row in view: the board steps every 3 s, so rows read one by one could
      // come from two different steps (an nth row re-resolved after the loop moved on).
      const inView = await staff.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-row-id') ?? '', r.textContent ?? ''] as const));
      expect(inView).toHaveLength(Math.min(people.size, 6));
      for (const [id, text] of inView) expect(text).toContain(people.get(id));
      expect(await panel.textContent()).not.toContain(zh.noChildren);
      // The category bars count every case so far, and say so beside today's figures.
      expect(await page.textContent('[data-testid="category-panel"] h2')).toBe(zh.categoryPanel);
      const time = (id: string) => page.locator(`[data-testid="case-feed"] [data-row-id="${id}"] .board__time`);
      await expect.poll(() => time(fresh!).textContent(), { timeout: 30_000 }).toMatch(/^\d{2}:\d{2}$/);
      const day = new Date(yesterday + 8 * 3_600_000).toISOString().slice(5, 10);
      await expect.poll(() => time(old!).textContent(), { timeout: 30_000 }).toBe(day);
      await waitForSettledMap(page);
      writeFileSync(join(artifacts, 'wall-boards-grid.png'), await page.screenshot());
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);
});

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt } from './browserHarness.js';
import { leadZh } from '../client/src/lead/i18n/leadStrings.js';
import { validCase } from '../server/src/testing/caseInputs.js';
import type { ApiClient } from '../server/src/testing/http.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the leaders' tablet browser tests (e2e/lead.browser.test.ts).\n`);

const JINSHUI = '410105';
/** Tablets both ways round with touch, and a phone. */
const VIEWS = [
  { name: 'tablet-portrait', width: 768, height: 1024 },
  { name: 'tablet-landscape', width: 1024, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** What the page breaks of the touch rules: text under 14 px, horizontal scroll, controls under 44 px. */
async function touchRuleBreaks(page: Page): Promise<{ smallText: string[]; scroll: { doc: number; lead: number; width: number }; smallTargets: string[] }> {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const smallText: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || !visible(parent) || parent.closest('svg title')) continue;
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < 14) smallText.push(`${size}px "${text.slice(0, 30)}"`);
    }
    const smallTargets: string[] = [];
    for (const el of document.querySelectorAll('button, a[href], textarea, input, select, [role=button]')) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.height < 44 || r.width < 44) smallTargets.push(`${el.tagName} ${Math.round(r.width)}×${Math.round(r.height)} "${(el.textContent ?? '').trim().slice(0, 20)}"`);
    }
    const lead = document.querySelector('[data-testid="lead"]')!;
    return {
      smallText,
      smallTargets,
      scroll: { doc: document.documentElement.scrollWidth, lead: lead.scrollWidth, width: window.innerWidth },
    };
  });
}

describe.skipIf(!hasChromium)('the leaders’ tablet (/lead) in headless Chromium with touch', () => {
  let server: TestServer;
  let browser: Browser;
  let commander: ApiClient;
  let majorId: string;
  let wallDevice: string;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
    commander = await server.as('commander', JINSHUI);
    // Cases in 金水区: a major one for the list, and ordinary ones so the streets have figures.
    const major = await server.api.post('/api/cases', validCase({ urgency: 'major', category: 'TF', subcategory: 'TF02', description: '路面塌陷，已设置围挡' }));
    expect(major.status).toBe(201);
    majorId = major.body.id;
    for (const description of ['路口暴露垃圾', '占道经营', '井盖缺失']) expect((await server.api.post('/api/cases', validCase({ description }))).status).toBe(201);
    // A wall of the district, for the steering panel.
    const admin = await server.as('admin');
    const device = await admin.post('/api/devices', { label: '金水区指挥中心大屏', scope: JINSHUI, kind: 'display' });
    expect(device.status).toBe(201);
    wallDevice = (await commander.get('/api/walls')).body.walls.find((w: { label: string }) => w.label === '金水区指挥中心大屏').device;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openLead(view: (typeof VIEWS)[number], path = '/lead', who: ApiClient = commander): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: view.width, height: view.height }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    await context.addCookies([{ name: 'cityops_session', value: who.token, url: server.url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}${path}`);
    await page.waitForSelector('[data-testid="lead-ranking"] button', { timeout: 60_000 });
    await expect.poll(() => page.getAttribute('[data-testid="lead-connection"]', 'data-state'), { timeout: 30_000 }).toBe('live');
    await page.waitForSelector('[data-testid="lead-major"] button', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="lead-map"] path', { timeout: 30_000 });
    return { context, page, errors };
  }

  for (const view of VIEWS) {
    it(`${view.name} ${view.width}×${view.height}: text ≥ 14 px, no horizontal scroll, touch targets ≥ 44 px`, async () => {
      const { context, page, errors } = await openLead(view);
      try {
        expect(await page.textContent('[data-testid="lead-area"]')).toBe('金水区');
        expect(await page.textContent('[data-kpi="received"] .lead-kpi__value')).toMatch(/^\d+$/);
        const breaks = await touchRuleBreaks(page);
        writeFileSync(join(artifacts, `lead-${view.name}.png`), await page.screenshot({ fullPage: false }));
        expect(breaks.smallText, breaks.smallText.join('\n')).toEqual([]);
        expect(breaks.smallTargets, breaks.smallTargets.join('\n')).toEqual([]);
        expect(breaks.scroll.doc).toBeLessThanOrEqual(breaks.scroll.width);
        expect(breaks.scroll.lead).toBeLessThanOrEqual(breaks.scroll.width);
        expect(errors, errors.join('\n')).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  it('drills into a unit by tap and comes back by tap; a swipe right comes back too', async () => {
    const { context, page, errors } = await openLead(VIEWS[0]);
    try {
      const row = page.locator('[data-testid="lead-ranking"] button').first();
      const code = await row.getAttribute('data-code');
      expect(code).toMatch(/^410105\d{3}$/);
      await row.tap();
      await expect.poll(() => new URL(page.url()).searchParams.get('area')).toBe(code);
      await expect.poll(() => page.textContent('[data-testid="lead-area"]')).not.toBe('金水区');
      await page.waitForSelector('[data-testid="lead-back"]');
      writeFileSync(join(artifacts, 'lead-drilled.png'), await page.screenshot());
      await page.tap('[data-testid="lead-back"]');
      await expect.poll(() => page.textContent('[data-testid="lead-area"]')).toBe('金水区');
      expect(await page.locator('[data-testid="lead-back"]').count()).toBe(0); // the account's own area is the top

      // Down again, then a swipe to the right (touch events as a finger sends them) comes up.
      await page.locator('[data-testid="lead-ranking"] button').first().tap();
      await expect.poll(() => new URL(page.url()).searchParams.get('area')).toBe(code);
      await page.evaluate(() => {
        const el = document.querySelector('[data-testid="lead"]')!;
        const touch = (x: number) => new Touch({ identifier: 1, target: el, clientX: x, clientY: 400 });
        el.dispatchEvent(new TouchEvent('touchstart', { bubbles: true, touches: [touch(60)], changedTouches: [touch(60)] }));
        el.dispatchEvent(new TouchEvent('touchend', { bubbles: true, touches: [], changedTouches: [touch(300)] }));
      });
      await expect.poll(() => page.textContent('[data-testid="lead-area"]')).toBe('金水区');
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('a first tap on a map shape shows its name and open cases in a tooltip; a second tap drills in', async () => {
    const { context, page, errors } = await openLead(VIEWS[0]);
    try {
      // A shape whose box centre is on the shape itself (outlines are not convex), in view.
      const target = await page.$$eval('[data-testid="lead-map"] path', (paths) => {
        for (const p of paths) {
          p.scrollIntoView({ block: 'center' });
          const r = p.getBoundingClientRect();
          const x = r.left + r.width / 2;
          const y = r.top + r.height / 2;
          if (document.elementFromPoint(x, y) === p) return { code: p.getAttribute('data-code')!, x, y };
        }
        return null;
      });
      expect(target).not.toBeNull();
      const { code, x, y } = target!;
      const tooltip = page.locator('[data-testid="map-tooltip"]');
      await page.touchscreen.tap(x, y);
      await expect.poll(() => tooltip.textContent(), { timeout: 15_000 }).toContain(server.model.node(code)!.name);
      expect(await tooltip.textContent()).toContain(leadZh.kpi.open);
      expect(new URL(page.url()).searchParams.get('area')).toBeNull();
      const box = (await tooltip.boundingBox())!;
      const viewport = page.viewportSize()!;
      expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height).toBe(true);
      writeFileSync(join(artifacts, 'lead-map-tooltip.png'), await page.screenshot());

      await page.touchscreen.tap(x, y);
      await expect.poll(() => new URL(page.url()).searchParams.get('area')).toBe(code);
      await expect.poll(() => tooltip.count()).toBe(0);
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('opens a case by tap with its timeline and SLA clock, and urges it (督办) in one tap with a note', async () => {
    const { context, page, errors } = await openLead(VIEWS[1]);
    try {
      await page.tap(`[data-testid="lead-major"] button[data-case="${majorId}"]`);
      await page.waitForSelector('[data-testid="case-sheet"] [data-testid="timeline"] li');
      expect(await page.locator('[data-testid="timeline"] li').count()).toBe(1);
      expect(await page.textContent('[data-testid="timeline"] li')).toContain(leadZh.action.report);
      expect(await page.textContent('[data-testid="sla-clock"]')).toContain(leadZh.slaNone); // reported: no closure deadline yet, only the stage's clock

      await page.fill('[data-testid="supervise-note"]', '请今日内处置到位');
      await page.tap('[data-testid="supervise"]');
      const urged = page.locator('[data-testid="timeline"] li[data-action="supervise"]');
      await expect.poll(() => urged.count(), { timeout: 15_000 }).toBe(1);
      expect(await urged.textContent()).toContain('请今日内处置到位');
      expect(await urged.textContent()).toContain(leadZh.action.supervise);
      writeFileSync(join(artifacts, 'lead-case-supervised.png'), await page.screenshot());

      // Stored: the case says so, and its list row shows the mark after the sheet closes.
      const stored = (await server.api.get(`/api/cases/${majorId}`)).body;
      expect(stored.supervised).toMatchObject({ count: 1 });
      expect(stored.timeline.at(-1)).toMatchObject({ action: 'supervise', note: '请今日内处置到位' });
      await page.tap('[data-testid="case-sheet"] .lead-sheet__bar button');
      await expect.poll(() => page.locator(`[data-testid="lead-major"] button[data-case="${majorId}"] .lead-tag--supervised`).count(), { timeout: 20_000 }).toBe(1);
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('opens from the home screen without the network and says it is offline, then comes back by itself', async () => {
    const { context, page, errors } = await openLead(VIEWS[0]);
    try {
      expect(await page.getAttribute('link[rel="manifest"]', 'href')).toBe('/lead-manifest.webmanifest');
      const manifest = await (await fetch(`${server.url}/lead-manifest.webmanifest`)).json();
      expect(manifest).toMatchObject({ start_url: '/lead', display: 'standalone' });
      for (const icon of manifest.icons as { src: string }[]) expect((await fetch(`${server.url}${icon.src}`)).headers.get('content-type')).toBe('image/png');
      // The app shell worker takes the page and keeps the built files it loaded.
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
      await expect
        .poll(() => page.evaluate(async () => (await (await caches.open('lead-shell-v1')).keys()).map((r) => new URL(r.url).pathname)), { timeout: 30_000 })
        .toEqual(expect.arrayContaining(['/lead', '/lead-manifest.webmanifest']));
      const kept = await page.evaluate(async () => (await (await caches.open('lead-shell-v1')).keys()).map((r) => new URL(r.url).pathname));
      expect(kept.some((p) => p.startsWith('/assets/'))).toBe(true);
      expect(kept.filter((p) => p.startsWith('/api') || p.startsWith('/socket.io'))).toEqual([]);

      await context.setOffline(true);
      await page.reload();
      await expect.poll(() => page.textContent('[data-testid="lead-message"]'), { timeout: 30_000 }).toBe(leadZh.offline);
      writeFileSync(join(artifacts, 'lead-offline.png'), await page.screenshot());
      await context.setOffline(false);
      await page.waitForSelector('[data-testid="lead-ranking"] button', { timeout: 60_000 });
      await expect.poll(() => page.getAttribute('[data-testid="lead-connection"]', 'data-state'), { timeout: 30_000 }).toBe('live');
      // Failed requests while offline are the browser's own console lines; nothing else.
      expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|net::/.test(e)), errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('steers a wall of the area (大屏遥控): takes its lock with a command, shows who holds it, gives it back', async () => {
    const { context, page, errors } = await openLead(VIEWS[1]);
    try {
      const wall = page.locator(`[data-testid="lead-steer"] [data-device="${wallDevice}"]`);
      await wall.waitFor({ timeout: 30_000 });
      expect(await wall.locator('[data-testid="wall-lock"]').textContent()).toBe(leadZh.steer.own);
      await wall.getByRole('button', { name: leadZh.steer.showHere }).tap();
      await expect.poll(() => wall.locator('[data-testid="wall-lock"]').textContent(), { timeout: 15_000 }).toContain('遥控中');
      const steered = (await commander.get(`/api/walls/${wallDevice}`)).body.wall;
      expect(steered.lock.username).toBe((await commander.get('/api/auth/me')).body.principal.username);
      expect(steered.steer).toMatchObject({ area: JINSHUI });
      // 党建引领's layers from the tablet's layer list: the wall's steered layers say so, the toggle shows it on.
      const centres = wall.locator('[data-testid="wall-layers"] button[data-layer="centres"]');
      expect(await centres.textContent()).toBe(leadZh.steer.layers.centres);
      await centres.tap();
      await expect.poll(async () => (await commander.get(`/api/walls/${wallDevice}`)).body.wall.steer?.layers, { timeout: 15_000 }).toEqual(['centres']);
      await expect.poll(() => centres.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
      await wall.locator('[data-testid="wall-layers"] button[data-layer="coverage"]').tap();
      await expect.poll(async () => (await commander.get(`/api/walls/${wallDevice}`)).body.wall.steer?.layers, { timeout: 15_000 }).toEqual(['coverage', 'centres']);
      writeFileSync(join(artifacts, 'lead-steer.png'), await wall.screenshot());

      await wall.getByRole('button', { name: leadZh.steer.release }).tap();
      await expect.poll(() => wall.locator('[data-testid="wall-lock"]').textContent(), { timeout: 15_000 }).toBe(leadZh.steer.own);
      expect((await commander.get(`/api/walls/${wallDevice}`)).body.wall.lock).toBeNull();
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows a second commander who holds a wall, and the server’s refusal when they tap a command; another district’s commander sees none of its walls', async () => {
    const holder = await server.as('commander', JINSHUI);
    const holderName = (await holder.get('/api/auth/me')).body.principal.name as string;
    expect((await holder.post(`/api/walls/${wallDevice}/commands`, { type: 'show-area', area: JINSHUI })).status).toBe(200);
    const second = await server.as('commander', JINSHUI);
    const { context, page, errors } = await openLead(VIEWS[0], '/lead', second);
    try {
      const wall = page.locator(`[data-testid="lead-steer"] [data-device="${wallDevice}"]`);
      await wall.waitFor({ timeout: 30_000 });
      await expect.poll(() => wall.locator('[data-testid="wall-lock"]').textContent(), { timeout: 15_000 }).toContain(`遥控中：${holderName}`);
      await wall.getByRole('button', { name: leadZh.steer.next }).tap();
      const refusal = page.locator('[data-testid="lead-steer"] [role="alert"]');
      await expect.poll(() => refusal.textContent(), { timeout: 15_000 }).toContain(`遥控中：${holderName}`);
      // The lock and the wall's state are the holder's still.
      const status = (await holder.get(`/api/walls/${wallDevice}`)).body.wall;
      expect(status.lock.name).toBe(holderName);
      expect(status.steer).toMatchObject({ area: JINSHUI });
      writeFileSync(join(artifacts, 'lead-steer-refused.png'), await page.screenshot());
      expect(errors.filter((e) => !e.includes('409')), errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
      expect((await holder.post(`/api/walls/${wallDevice}/commands`, { type: 'release' })).status).toBe(200);
    }
    // 二七区's commander: the steering panel lists no wall of 金水区, and the API says the wall is not in their area.
    const other = await server.as('commander', '410103');
    const otherContext = await browser.newContext({ viewport: { width: VIEWS[0].width, height: VIEWS[0].height }, hasTouch: true, isMobile: true });
    await otherContext.addCookies([{ name: 'cityops_session', value: other.token, url: server.url }]);
    const otherPage = await otherContext.newPage();
    try {
      await otherPage.goto(`${server.url}/lead`);
      await otherPage.waitForSelector('[data-testid="lead-ranking"] button', { timeout: 60_000 });
      // Its steering panel has answered (no wall of its own district: the empty line).
      await expect.poll(() => otherPage.getByText(leadZh.steer.none).count(), { timeout: 30_000 }).toBe(1);
      expect(await otherPage.locator(`[data-device="${wallDevice}"]`).count()).toBe(0);
      expect((await other.get('/api/walls')).body.walls.map((w: { device: string }) => w.device)).not.toContain(wallDevice);
      expect((await other.post(`/api/walls/${wallDevice}/commands`, { type: 'show-area', area: '410103' })).status).toBe(404);
    } finally {
      await otherContext.close();
    }
  }, 180_000);

  it('speaks English with ?lang=en', async () => {
    const { context, page, errors } = await openLead(VIEWS[2], '/lead?lang=en');
    try {
      expect(await page.textContent('[data-kpi="received"] .lead-kpi__label')).toBe('Received');
      expect(await page.getAttribute('html', 'lang')).toBe('en-US');
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

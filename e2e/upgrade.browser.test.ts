import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt } from './browserHarness.js';
import { BUILD_INPUTS } from '../client/vite/buildIdentity.js';
import { RELOAD_SPREAD_MS } from '../client/src/live/buildReload.js';
import { zh } from '../client/src/i18n/strings.js';
import { DESK_STRINGS } from '../client/src/desk/i18n/deskStrings.js';
import { BUILD_FILE, BuildInfo } from '../shared/src/live/buildInfo.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the upgrade browser test (e2e/upgrade.browser.test.ts).\n`);

/** A reload waits up to RELOAD_SPREAD_MS, after the socket's reconnect (≤ 5 s) to the restarted server. */
const RELOADED = { timeout: RELOAD_SPREAD_MS + 60_000, interval: 250 };
const POLL = { timeout: 90_000 };

const readBuild = (dir: string): BuildInfo => BuildInfo.parse(JSON.parse(readFileSync(join(dir, BUILD_FILE), 'utf8')));
const buildOf = (dir: string): string => readBuild(dir).build;

/**
 * A second real build: the repository's build inputs copied, one line of source added (a deploy of
 * a changed client) and `vite build` run there. Its own build id, its own bundle.
 */
function buildChangedCopy(into: string): string {
  for (const input of [...BUILD_INPUTS, 'tsconfig.base.json', 'client/tsconfig.json']) {
    if (existsSync(join(repoRoot, input))) cpSync(join(repoRoot, input), join(into, input), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(into, 'node_modules'), 'dir');
  appendFileSync(join(into, 'client', 'src', 'main.tsx'), '\n// the next release\n');
  // Vitest sets NODE_ENV=test, which the child would inherit and bundle React's development build.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: into, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  return join(into, 'client', 'dist');
}

describe.skipIf(!hasChromium)('an open wall picks up a deploy by itself (headless Chromium, the server restarted on its port and data)', () => {
  const work = mkdtempSync(join(tmpdir(), 'cityops-upgrade-'));
  const dataDir = join(work, 'data');
  let browser: Browser;
  let server: TestServer | null = null;
  let distA: string;
  let distB: string;
  let distC: string;

  /** A deploy: the server stopped and started again on the same port and data, serving `clientDir`. */
  async function deploy(clientDir: string): Promise<void> {
    const port = server ? server.port : 0;
    await server?.close();
    server = null;
    server = await startTestServer({ clientDir, dataDir, port });
  }

  beforeAll(async () => {
    ensureClientBuilt(repoRoot);
    distA = join(repoRoot, 'client', 'dist');
    distB = buildChangedCopy(join(work, 'next'));
    // A deploy whose build file names a build its bundle is not (a stale copy of the bundle, say):
    // reloading cannot help, so the wall must not keep trying.
    distC = join(work, 'mismatched');
    cpSync(distB, distC, { recursive: true });
    writeFileSync(join(distC, BUILD_FILE), JSON.stringify({ ...readBuild(distB), build: `${readBuild(distB).build}-x` }));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** What the page runs and what it decided about the server's build (`<html data-build data-update>`). */
  const html = (page: Page, name: 'build' | 'update') => page.evaluate((n) => document.documentElement.dataset[n] ?? null, name);
  const liveStatus = (page: Page) => page.textContent('[data-testid="live-status"]');

  it('reloads once onto the new build, after a countdown, keeping its URL and its sign-in; a reload that cannot help is not repeated', async () => {
    const [idA, idB] = [buildOf(distA), buildOf(distB)];
    expect(idB).not.toBe(idA);
    await deploy(distA);
    const { token } = await server!.auth.createDevice({ label: '升级测试大屏', scope: '410105', kind: 'display' }, null);
    // Small, and without the live map layers: this test is about the page, not the map (software WebGL is slow).
    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    const loads: string[] = [];
    const crashes: string[] = [];
    page.on('load', () => loads.push(page.url()));
    page.on('pageerror', (e) => crashes.push(String(e)));
    // Every reload notice the page shows, kept across its reloads (a MutationObserver in each document).
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="live-status"][data-update]');
        if (!el) return;
        const seen = JSON.parse(sessionStorage.getItem('test.notices') ?? '[]') as string[];
        const notice = `${el.getAttribute('data-update')}:${el.textContent}`;
        if (seen.at(-1) !== notice) sessionStorage.setItem('test.notices', JSON.stringify([...seen, notice]));
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const notices = async () => JSON.parse((await page.evaluate(() => sessionStorage.getItem('test.notices'))) ?? '[]') as string[];
    try {
      // The device link signs the wall in and leaves the URL without its token.
      await page.goto(`${server!.url}/wall?device=${token}&mode=fit&layers=`);
      await page.waitForURL(/\/wall\?mode=fit&layers=&area=410105$/, { timeout: 30_000 });
      const wallUrl = page.url();
      await expect.poll(() => liveStatus(page), POLL).toBe(zh.live);
      expect(await html(page, 'build')).toBe(idA);
      await expect.poll(() => html(page, 'update'), POLL).toBe('ignore');
      expect(loads).toEqual([wallUrl]);

      // Deploy B: the socket reconnects, hears build B and the page reloads itself, once.
      await deploy(distB);
      await expect.poll(() => loads.length, RELOADED).toBe(2);
      await expect.poll(() => html(page, 'update'), POLL).toBe('ignore');
      expect(await html(page, 'build')).toBe(idB);
      expect(page.url()).toBe(wallUrl);
      // Still signed in (the session cookie outlived the reload): the stream serves the wall again.
      await expect.poll(() => liveStatus(page), POLL).toBe(zh.live);
      expect(await page.locator('[data-testid="unauthorized"]').count()).toBe(0);
      // It said so while it waited: 系统已更新，N 秒后自动刷新, N within the spread.
      const countdowns = new Set(Array.from({ length: RELOAD_SPREAD_MS / 1000 + 1 }, (_, s) => `reload:${zh.updating(s, false)}`));
      expect((await notices()).filter((n) => countdowns.has(n)).length, (await notices()).join('\n')).toBeGreaterThan(0);

      // Deploy C, whose bundle is still B: one reload, then it waits 10 minutes instead of looping.
      await deploy(distC);
      await expect.poll(() => loads.length, RELOADED).toBe(3);
      await expect.poll(() => html(page, 'update'), POLL).toBe('wait');
      await expect.poll(() => page.getAttribute('[data-testid="live-status"]', 'data-update'), POLL).toBe('retry');
      expect(await liveStatus(page)).toBe(zh.updating(600, true));
      expect(await html(page, 'build')).toBe(idB);
      expect(page.url()).toBe(wallUrl);
      expect(loads).toHaveLength(3);
      expect(crashes).toEqual([]);
    } finally {
      await page.close();
    }
  }, 420_000);

  it('a desk with a half-written reason is not reloaded under it: the reload waits until the field is cleared and left, then happens once', async () => {
    const [idA, idB] = [buildOf(distA), buildOf(distB)];
    await deploy(distA);
    const password = 'a long enough secret';
    await server!.auth.createAccount({ username: 'upgrade.operator', name: '升级测试值班员', role: 'operator', scope: '410105', kind: 'person', password }, null);
    const street = server!.model.children('410105')[0]!.code;
    const grid = server!.model.children(server!.model.children(street)[0]!.code)[0]!;
    const posted = await server!.api.post('/api/cases', { channel: 'hotline_12345', category: 'SR', subcategory: 'SR01', urgency: 'normal', lon: grid.centroid[0], lat: grid.centroid[1], description: '升级时填写中的案件', address: '升级测试路1号' });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const login = await server!.auth.login('upgrade.operator', password, null);
    if (!login.ok) throw new Error('sign-in of upgrade.operator failed');
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addCookies([{ name: 'cityops_session', value: login.token, url: server!.url }]);
    const page = await context.newPage();
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    const deskUpdate = () => page.getAttribute('[data-testid="desk-live"]', 'data-update');
    const reason = page.locator('textarea[data-field="reject"]');
    const panel = page.locator('[data-testid="desk-case-panel"]');
    try {
      await page.goto(`${server!.url}/desk?area=410105&case=${posted.body.id}`);
      await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('reported');
      await expect.poll(() => html(page, 'update'), POLL).toBe('ignore');
      const deskUrl = page.url();
      // Typed, then the focus moved elsewhere in the panel: the text is still unsent.
      await reason.fill('地址待核实，');
      await panel.focus();

      await deploy(distB);
      // The countdown ends and the reload waits, saying so on the desk's live line.
      await expect.poll(deskUpdate, RELOADED).toBe('held');
      expect(await page.textContent('[data-testid="desk-live"]')).toBe(DESK_STRINGS.zh.live.held);
      expect(await html(page, 'update')).toBe('held');
      expect(await reason.inputValue()).toBe('地址待核实，');
      expect(loads).toEqual([deskUrl]);

      // Back in the field, emptied: still held while it has focus.
      await reason.fill('');
      await expect.poll(() => html(page, 'update'), POLL).toBe('held');
      expect(await html(page, 'build')).toBe(idA);
      // Left empty: the reload goes on, once, onto build B, keeping the URL and the sign-in.
      await panel.focus();
      await expect.poll(() => loads.length, RELOADED).toBe(2);
      await expect.poll(() => html(page, 'update'), POLL).toBe('ignore');
      expect(await html(page, 'build')).toBe(idB);
      expect(page.url()).toBe(deskUrl);
      await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('reported');
      expect(loads).toHaveLength(2);
    } finally {
      await context.close();
    }
  }, 300_000);
});

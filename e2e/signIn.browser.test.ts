import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt } from './browserHarness.js';
import { zh } from '../client/src/i18n/strings.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the sign-in and sign-out browser tests (e2e/signIn.browser.test.ts).\n`);

const PASSWORD = 'a long enough secret';
/** Latin letters in a message a person reads on the Chinese sign-in page: a mixed-language message. */
const LATIN = /[A-Za-z]/;

describe.skipIf(!hasChromium)('a person signs in and out in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
    await server.auth.createAccount({ username: 'leader', name: '金水区领导', role: 'commander', scope: '410105', kind: 'person', password: PASSWORD }, null);
    await server.auth.createAccount({ username: 'duty.officer', name: '值班员小王', role: 'operator', scope: '410105', kind: 'person', password: PASSWORD }, null);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A tablet-sized page and the errors it reports (the refused password's 401 is expected, not one). */
  async function openPage() {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      // The refused password is a 401 the browser logs as a failed resource: expected here.
      if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
    });
    return { page, errors };
  }

  it('is sent to the sign-in page, refused a wrong password, then lands on its own area, under the CSP', async () => {
    const { page, errors } = await openPage();
    try {
      await page.goto(`${server.url}/wall?mode=fit`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('input[name=username]', 'leader');
      await page.fill('input[name=password]', 'wrong password');
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('#message')).toContain('登录失败');
      await page.fill('input[name=password]', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(/\/wall\?mode=fit&area=410105$/, { timeout: 30_000 });
      await page.waitForSelector('[data-testid="wall-map"] canvas', { timeout: 60_000 });
      // The live socket signs in with the cookie: its WebSocket's Origin is this server's, so it is let in.
      await expect.poll(() => page.textContent('[data-testid="live-status"]'), { timeout: 30_000 }).toBe(zh.live);
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === 'cityops_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('is told a wrong password in one language, then signs in, sees who on /login, and signs out there', async () => {
    const { page, errors } = await openPage();
    try {
      await page.goto(`${server.url}/login`);
      await page.fill('input[name=username]', 'duty.officer');
      await page.fill('input[name=password]', 'not the password');
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('#message')).toBe('登录失败：用户名或密码错误');
      writeFileSync(join(artifacts, 'sign-in-refused.png'), await page.screenshot());
      expect(await page.textContent('#message')).not.toMatch(LATIN);

      await page.fill('input[name=password]', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(/\/desk\?area=410105$/, { timeout: 30_000 });
      const cookie = (await page.context().cookies()).find((c) => c.name === 'cityops_session');
      expect(cookie).toBeDefined();

      // Back on /login while signed in: who, and a way out.
      await page.goto(`${server.url}/login`);
      const who = await page.textContent('[data-testid="signed-in"]');
      writeFileSync(join(artifacts, 'sign-in-signed-in.png'), await page.screenshot());
      expect(who).toContain('值班员小王（duty.officer）');
      expect(who).toContain('值班员 · 金水区');
      expect(await page.locator('input[name=password]').count()).toBe(0);
      await page.click('#sign-out button');
      await page.waitForSelector('input[name=password]', { timeout: 30_000 });
      expect(new URL(page.url()).pathname).toBe('/login');

      // The session is over on the server, not only forgotten by the browser.
      const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: `cityops_session=${cookie!.value}` } });
      expect(me.status).toBe(401);
      await page.goto(`${server.url}/wall`);
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('a wall display on /login is told it is a wall, with nothing to sign out', async () => {
    const { token } = await server.auth.createDevice({ label: '金水区大屏', scope: '410105', kind: 'display' }, null);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${server.url}/wall?device=${token}`);
      await page.waitForSelector('[data-testid="wall-map"]', { timeout: 60_000 });
      await page.goto(`${server.url}/login`);
      expect(await page.textContent('[data-testid="signed-in"]')).toContain('此浏览器是大屏设备「金水区大屏」');
      expect(await page.locator('#sign-out').count()).toBe(0);
    } finally {
      await page.close();
    }
  }, 120_000);
});

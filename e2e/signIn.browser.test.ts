import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt } from './browserHarness.js';
import { zh } from '../client/src/wall/i18n/strings.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the sign-in browser test (e2e/signIn.browser.test.ts).\n`);

describe.skipIf(!hasChromium)('a person signs in to the wall in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
    await server.auth.createAccount({ username: 'leader', name: '金水区领导', role: 'commander', scope: '410105', kind: 'person', password: 'a long enough secret' }, null);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is sent to the sign-in page, refused a wrong password, then lands on its own area, under the CSP', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      // The refused password is a 401 the browser logs as a failed resource: expected here.
      if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
    });
    try {
      await page.goto(`${server.url}/wall?mode=fit`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('input[name=username]', 'leader');
      await page.fill('input[name=password]', 'wrong password');
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('#message')).toContain('登录失败');
      await page.fill('input[name=password]', 'a long enough secret');
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
});

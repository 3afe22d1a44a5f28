import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless software WebGL (no GPU on the test machines), no background traffic of Chromium's own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Mesa llvmpipe renders WebGL 3–6× faster than SwiftShader here; without the blocklist flag there is no WebGL.
  '--use-angle=gl-egl',
  '--ignore-gpu-blocklist',
];

function newestMtimeMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtimeMs(join(path, name))), stat.mtimeMs);
}

/** Builds client/dist (production) when it is missing or older than its sources, shared/ included (~5 s). */
export function ensureClientBuilt(repoRoot: string): void {
  const built = join(repoRoot, 'client', 'dist', 'index.html');
  const inputs = [join(repoRoot, 'client', 'src'), join(repoRoot, 'client', 'index.html'), join(repoRoot, 'shared', 'src')];
  const sources = Math.max(...inputs.map(newestMtimeMs));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  // Vitest sets NODE_ENV=test, which the child would inherit and bundle React's development build.
  execFileSync('npx', ['vite', 'build'], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

/**
 * Waits until the map has drawn everything it was asked to: maplibre idle (see renderProbe.ts)
 * and no new frame for `quietMs`. Software WebGL takes ~0.1–1 s per frame, hence the long waits.
 */
export async function waitForSettledMap(page: Page, quietMs = 1500, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastFrames = '';
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const state = await page.$eval('[data-testid="wall-map"]', (el) => ({ idle: el.getAttribute('data-idle'), frames: el.getAttribute('data-frames') ?? '' }));
    if (state.frames !== lastFrames || state.idle !== 'true') {
      lastFrames = state.frames;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`map did not settle within ${timeoutMs} ms`);
}

export interface PixelCounts {
  total: number;
  /** Pixels differing from the page background by more than a small tolerance. */
  drawn: number;
  /** Cyan/teal pixels: grid and community outlines (see theme.ts). */
  detail: number;
  /** Amber pixels: district boundaries and district labels. */
  amber: number;
}

/** Decodes a PNG in a blank page (so the wall's request log stays clean) and counts pixel classes. */
export async function countPixels(browser: Browser, png: Buffer, background: [number, number, number]): Promise<PixelCounts> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ dataUrl, bg }) => {
        const img = new Image();
        img.src = dataUrl;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('no 2d canvas');
        ctx.drawImage(img, 0, 0);
        const { data } = ctx.getImageData(0, 0, img.width, img.height);
        const counts = { total: img.width * img.height, drawn: 0, detail: 0, amber: 0 };
        for (let i = 0; i < data.length; i += 4) {
          const r = data[i] ?? 0;
          const g = data[i + 1] ?? 0;
          const b = data[i + 2] ?? 0;
          if (Math.abs(r - bg[0]) + Math.abs(g - bg[1]) + Math.abs(b - bg[2]) > 24) counts.drawn++;
          if (r < 70 && g > 90 && b > 100 && g - r > 60) counts.detail++;
          if (r > 150 && g > 100 && b < 90 && r - b > 90) counts.amber++;
        }
        return counts;
      },
      { dataUrl: `data:image/png;base64,${png.toString('base64')}`, bg: background },
    );
  } finally {
    await page.close();
  }
}

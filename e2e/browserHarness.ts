import type { Browser, Page } from 'playwright-core';
import { PROTOCOL_VERSION } from '../shared/src/live/events.js';

export { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt } from './chromiumSetup.js';

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

const SUBSCRIBE_FRAME = new RegExp(`"area:subscribe",\\{"v":${PROTOCOL_VERSION},"area":"(\\d+)"`);

/** The area of a WebSocket frame the page sent that subscribes to one (this protocol version), else undefined. */
export function subscribedArea(payload: string | Buffer): string | undefined {
  return SUBSCRIBE_FRAME.exec(String(payload))?.[1];
}

/**
 * deck.gl's and luma.gl's own warnings: their logger (probe.gl) prefixes each with the library's
 * id. Each one so far was a real fault (a texture bound where no shader uses it, say), so a
 * browser test fails on them like on console.error.
 */
const LIBRARY_WARNING = /^(luma\.gl|deck): /;

/**
 * Records every URL `page` requests and its uncaught exceptions, console.error lines and deck.gl
 * or luma.gl warnings, from now on.
 */
export function recordPage(page: Page): { urls: string[]; errors: string[] } {
  const urls: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' || (message.type() === 'warning' && LIBRARY_WARNING.test(message.text()))) errors.push(message.text());
  });
  return { urls, errors };
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

/**
 * Runs `count` over the RGBA pixels of each PNG, decoded in a blank page (so the wall's request
 * log stays clean). `count` runs in the page: it sees only its arguments.
 */
async function inBlankPage<A, R>(browser: Browser, pngs: Buffer[], count: (pixels: { data: Uint8ClampedArray; width: number; height: number }[], arg: A) => R, arg: A): Promise<R> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ urls, source, arg }) => {
        const decode = async (url: string) => {
          const img = new Image();
          img.src = url;
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = img.width;
          canvas.height = img.height;
          const ctx = canvas.getContext('2d');
          if (!ctx) throw new Error('no 2d canvas');
          ctx.drawImage(img, 0, 0);
          return { data: ctx.getImageData(0, 0, img.width, img.height).data, width: img.width, height: img.height };
        };
        const fn = new Function(`return (${source})`)() as (p: unknown, a: unknown) => unknown;
        return fn(await Promise.all(urls.map(decode)), arg);
      },
      { urls: pngs.map((png) => `data:image/png;base64,${png.toString('base64')}`), source: count.toString(), arg },
    ) as R;
  } finally {
    await page.close();
  }
}

/** A rectangle of an image, in its pixels. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels of a PNG (or of `box` in it) within `tolerance` (sum of channel differences) of one colour. */
export async function pixelsOfColour(browser: Browser, png: Buffer, rgb: [number, number, number], tolerance: number, box?: PixelBox): Promise<number> {
  return inBlankPage(
    browser,
    [png],
    ([decoded], { rgb, tolerance, box }) => {
      const { data, width, height } = decoded!;
      const [x0, y0] = [Math.max(0, box?.x ?? 0), Math.max(0, box?.y ?? 0)];
      const [x1, y1] = [Math.min(width, box ? box.x + box.width : width), Math.min(height, box ? box.y + box.height : height)];
      let n = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) {
          const i = 4 * (y * width + x);
          if (Math.abs(data[i]! - rgb[0]) + Math.abs(data[i + 1]! - rgb[1]) + Math.abs(data[i + 2]! - rgb[2]) < tolerance) n++;
        }
      return n;
    },
    { rgb, tolerance, box: box ?? null },
  );
}

/** Counts pixel classes of a PNG against the page background. */
export async function countPixels(browser: Browser, png: Buffer, background: [number, number, number]): Promise<PixelCounts> {
  return inBlankPage(
    browser,
    [png],
    ([decoded], bg) => {
      const { data, width, height } = decoded!;
      const counts = { total: width * height, drawn: 0, detail: 0, amber: 0 };
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
    background,
  );
}

/** How many pixels of two same-sized PNGs differ by more than a small tolerance. */
export async function changedPixels(browser: Browser, a: Buffer, b: Buffer): Promise<number> {
  return inBlankPage(
    browser,
    [a, b],
    ([a, b]) => {
      const [pa, pb] = [a!, b!];
      let changed = 0;
      for (let i = 0; i < pa.data.length; i += 4) {
        const d = Math.abs((pa.data[i] ?? 0) - (pb.data[i] ?? 0)) + Math.abs((pa.data[i + 1] ?? 0) - (pb.data[i + 1] ?? 0)) + Math.abs((pa.data[i + 2] ?? 0) - (pb.data[i + 2] ?? 0));
        if (d > 24) changed++;
      }
      return changed;
    },
    null,
  );
}

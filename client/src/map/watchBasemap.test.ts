import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { darkTheme } from '../theme.js';
import { offlineStyle, type StyleSpec } from './offlineStyle.js';
import { keepBasemap, styleAnswers, watchBasemap, type StyleHost } from './watchBasemap.js';

type Listener = (event: { error?: Error }) => void;

/** A map that records its listeners and the styles it was given. */
function fakeMap() {
  const listeners = new Map<string, Set<Listener>>();
  const styles: (StyleSpec | string)[] = [];
  const map: StyleHost = {
    on: (type, listener) => listeners.set(type, (listeners.get(type) ?? new Set()).add(listener)),
    off: (type, listener) => listeners.get(type)?.delete(listener),
    setStyle: (style) => styles.push(style),
  };
  const fire = (type: string, event: { error?: Error } = {}) => [...(listeners.get(type) ?? [])].forEach((l) => l(event));
  const listening = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);
  return { map, fire, styles, listening };
}

// Every test but styleAnswers' (real sockets) runs on fake timers.
const fakeTimers = () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
};

describe('watchBasemap', () => {
  fakeTimers();
  const fallback = offlineStyle(darkTheme);

  it('reports the style shown once it loads, and stops listening', () => {
    const { map, fire, styles, listening } = fakeMap();
    const settled = vi.fn();
    watchBasemap(map, fallback, settled, 1000);
    fire('style.load');
    expect(settled).toHaveBeenCalledExactlyOnceWith('shown');
    expect(listening()).toBe(0);
    // A later error (a missing tile) and the timeout change nothing.
    fire('error', { error: new Error('tile 404') });
    vi.advanceTimersByTime(2000);
    expect(styles).toEqual([]);
    expect(settled).toHaveBeenCalledOnce();
  });

  it('falls back to the offline style when the style fails to load', () => {
    const { map, fire, styles, listening } = fakeMap();
    const settled = vi.fn();
    watchBasemap(map, fallback, settled, 1000);
    fire('error', { error: new Error('Not Found (404): http://tiles.lan/style.json') });
    expect(styles).toEqual([fallback]);
    expect(settled).toHaveBeenCalledExactlyOnceWith('failed');
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('404'));
    // The offline style loading is not mistaken for the basemap.
    fire('style.load');
    expect(settled).toHaveBeenCalledOnce();
    expect(listening()).toBe(0);
  });

  it('falls back when the style server does not answer in time', () => {
    const { map, fire, styles } = fakeMap();
    const settled = vi.fn();
    watchBasemap(map, fallback, settled, 1000);
    vi.advanceTimersByTime(999);
    expect(settled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(styles).toEqual([fallback]);
    expect(settled).toHaveBeenCalledExactlyOnceWith('failed');
    fire('style.load');
    expect(settled).toHaveBeenCalledOnce();
  });

  it('does nothing once stopped (the map is disposed)', () => {
    const { map, styles, listening } = fakeMap();
    const settled = vi.fn();
    watchBasemap(map, fallback, settled, 1000)();
    vi.advanceTimersByTime(2000);
    expect(styles).toEqual([]);
    expect(settled).not.toHaveBeenCalled();
    expect(listening()).toBe(0);
  });
});

describe('keepBasemap: a wall left on for weeks gets its basemap back', () => {
  fakeTimers();
  const fallback = offlineStyle(darkTheme);
  const url = 'http://tiles.lan/style.json';

  it('after a failure, asks the style server every retry period and gives the map the style only once it answers', async () => {
    const { map, fire, styles, listening } = fakeMap();
    const statuses: string[] = [];
    let up = false;
    const answers = vi.fn(async () => up);
    const stop = keepBasemap(map, url, fallback, (s) => statuses.push(s), { retryMs: 60_000, timeoutMs: 1000, answers });
    fire('error', { error: new Error('connection refused') });
    expect(statuses).toEqual(['failed']);
    expect(styles).toEqual([fallback]);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(answers).not.toHaveBeenCalled();
    // Still down: the map is left alone (no blank map while a style loads), and asked again later.
    await vi.advanceTimersByTimeAsync(1);
    expect(answers).toHaveBeenCalledTimes(1);
    expect(styles).toEqual([fallback]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(answers).toHaveBeenCalledTimes(2);
    // Back: the map gets the style and is watched like the first time.
    up = true;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(styles).toEqual([fallback, url]);
    expect(statuses).toEqual(['failed', 'loading']);
    fire('style.load');
    expect(statuses).toEqual(['failed', 'loading', 'shown']);
    expect(listening()).toBe(0);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(answers).toHaveBeenCalledTimes(3); // shown: no more asking
    stop();
  });

  it('stops asking when stopped (the map is disposed)', async () => {
    const { map, fire, styles } = fakeMap();
    const answers = vi.fn(async () => true);
    const stop = keepBasemap(map, url, fallback, () => {}, { retryMs: 1000, timeoutMs: 500, answers });
    fire('error', { error: new Error('down') });
    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(answers).not.toHaveBeenCalled();
    expect(styles).toEqual([fallback]);
  });
});

describe('styleAnswers', () => {
  it('is true only for a style JSON (version 8) answered with 200', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      if (req.url === '/style.json') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":8,"sources":{},"layers":[]}');
      if (req.url === '/html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await styleAnswers(`http://127.0.0.1:${port}/style.json`)).toBe(true);
      expect(await styleAnswers(`http://127.0.0.1:${port}/missing.json`)).toBe(false);
      expect(await styleAnswers(`http://127.0.0.1:${port}/html`)).toBe(false);
    } finally {
      server.close();
    }
    expect(await styleAnswers(`http://127.0.0.1:${port}/style.json`)).toBe(false); // down
  });
});

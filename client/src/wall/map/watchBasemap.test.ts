import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { darkTheme } from '../theme.js';
import { offlineStyle, type StyleSpec } from './offlineStyle.js';
import { watchBasemap, type StyleHost } from './watchBasemap.js';

type Listener = (event: { error?: Error }) => void;

/** A map that records its listeners and the styles it was given. */
function fakeMap() {
  const listeners = new Map<string, Set<Listener>>();
  const styles: StyleSpec[] = [];
  const map: StyleHost = {
    on: (type, listener) => listeners.set(type, (listeners.get(type) ?? new Set()).add(listener)),
    off: (type, listener) => listeners.get(type)?.delete(listener),
    setStyle: (style) => styles.push(style),
  };
  const fire = (type: string, event: { error?: Error } = {}) => [...(listeners.get(type) ?? [])].forEach((l) => l(event));
  const listening = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);
  return { map, fire, styles, listening };
}

describe('watchBasemap', () => {
  const fallback = offlineStyle(darkTheme);
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

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

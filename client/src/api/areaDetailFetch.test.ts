import { describe, expect, it } from 'vitest';
import { sharedGet } from './areaDetailFetch.js';

/** A server whose answers the test releases one by one; it remembers what was asked and what was aborted. */
function pending() {
  const asked: string[] = [];
  const aborted: string[] = [];
  const release: ((status: number) => void)[] = [];
  const fetchFn = (url: string, init: { signal: AbortSignal }) =>
    new Promise<Response>((resolve, reject) => {
      asked.push(url);
      init.signal.addEventListener('abort', () => (aborted.push(url), reject(new DOMException('aborted', 'AbortError'))));
      release.push((status) => resolve(new Response(JSON.stringify({ url, n: asked.length }), { status })));
    });
  return { asked, aborted, release, fetchFn };
}

describe('sharedGet', () => {
  it('asks once for callers of the same URL at the same time, and each reads the body', async () => {
    const s = pending();
    const get = sharedGet(s.fetchFn, { kept: 4, freshMs: 1000, now: () => 0 });
    const a = get('/api/areas/1');
    const b = get('/api/areas/1');
    await Promise.resolve();
    expect(s.asked).toEqual(['/api/areas/1']);
    s.release[0]!(200);
    expect(await (await a).json()).toEqual({ url: '/api/areas/1', n: 1 });
    expect(await (await b).json()).toEqual({ url: '/api/areas/1', n: 1 });
  });

  it('hands out an ok answer while fresh and asks again after freshMs', async () => {
    const s = pending();
    let now = 0;
    const get = sharedGet(s.fetchFn, { kept: 4, freshMs: 1000, now: () => now });
    const first = get('/x');
    s.release[0]!(200);
    await first;
    now = 999;
    await get('/x');
    expect(s.asked).toHaveLength(1);
    now = 1000;
    const renewed = get('/x');
    expect(s.asked).toHaveLength(2);
    s.release[1]!(200);
    expect(await (await renewed).json()).toEqual({ url: '/x', n: 2 });
  });

  it('keeps no failed answer: the next caller asks again and sees the status', async () => {
    const s = pending();
    const get = sharedGet(s.fetchFn, { kept: 4, freshMs: 1000, now: () => 0 });
    const first = get('/x');
    s.release[0]!(404);
    expect(await first).toMatchObject({ ok: false, status: 404 });
    const second = get('/x');
    expect(s.asked).toHaveLength(2);
    s.release[1]!(200);
    expect((await second).ok).toBe(true);
  });

  it('aborts the request only when every caller has left', async () => {
    const s = pending();
    const get = sharedGet(s.fetchFn, { kept: 4, freshMs: 1000, now: () => 0 });
    const one = new AbortController();
    const two = new AbortController();
    const a = get('/x', { signal: one.signal });
    const b = get('/x', { signal: two.signal });
    one.abort();
    await expect(a).rejects.toThrow(/abort/i);
    expect(s.aborted).toEqual([]);
    two.abort();
    await expect(b).rejects.toThrow(/abort/i);
    expect(s.aborted).toEqual(['/x']);
    // The aborted request is not handed out: a new caller asks again.
    const c = get('/x');
    expect(s.asked).toHaveLength(2);
    s.release[1]!(200);
    expect((await c).ok).toBe(true);
  });

  it('holds at most `kept` URLs, dropping the least recently asked for', async () => {
    const s = pending();
    const get = sharedGet(s.fetchFn, { kept: 2, freshMs: 1000, now: () => 0 });
    for (const url of ['/a', '/b', '/a', '/c']) {
      const p = get(url);
      s.release[s.release.length - 1]!(200);
      await p;
    }
    expect(s.asked).toEqual(['/a', '/b', '/c']);
    await get('/a');
    expect(s.asked).toHaveLength(3);
    const b = get('/b');
    expect(s.asked).toEqual(['/a', '/b', '/c', '/b']);
    s.release[3]!(200);
    await b;
  });
});

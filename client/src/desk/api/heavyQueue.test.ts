import { describe, expect, it } from 'vitest';
import { FIRST, HeavyQueue, LATER } from './heavyQueue.js';

/** A query the test answers by hand; `started` lists the names in the order they began. */
function harness(max: number) {
  const queue = new HeavyQueue(max);
  const started: string[] = [];
  const answers = new Map<string, (value: string) => void>();
  const gaveUp = new Map<string, AbortSignal>();
  const ask = (name: string, priority: number, signal?: AbortSignal) =>
    queue.run(
      (abandoned) =>
        new Promise<string>((resolve) => {
          started.push(name);
          gaveUp.set(name, abandoned);
          answers.set(name, resolve);
        }),
      priority,
      signal,
    );
  const answer = async (name: string) => {
    answers.get(name)!(name);
    // Let the queue's finally run and start the next one.
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { queue, started, ask, answer, gaveUp };
}

/** Lets queued microtasks run: a query asked for starts one microtask later. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('HeavyQueue: the desk’s KPI and breakdown queries against the server’s per-account limit', () => {
  it('runs at most `max` at once, the rest as slots free up', async () => {
    const { queue, started, ask, answer } = harness(2);
    const a = ask('a', LATER);
    void ask('b', LATER);
    void ask('c', LATER);
    expect(started).toEqual([]);
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect(queue.queued).toBe(1);
    await answer('a');
    await expect(a).resolves.toBe('a');
    expect(started).toEqual(['a', 'b', 'c']);
    expect(queue.active).toBe(2);
  });

  it('starts the ranking and KPIs (FIRST) before the charts waiting ahead of them, in the order asked within a priority', async () => {
    const { started, ask, answer } = harness(1);
    void ask('running', LATER);
    await settle();
    void ask('category', LATER);
    void ask('urgency', LATER);
    void ask('kpis', FIRST);
    void ask('ranking', FIRST);
    for (const name of ['running', 'kpis', 'ranking', 'category']) await answer(name);
    expect(started).toEqual(['running', 'kpis', 'ranking', 'category', 'urgency']);
  });

  it('starts the FIRST queries of one render before the LATER ones asked before them (React runs effects in tree order)', async () => {
    const { started, ask } = harness(3);
    void ask('kpis', FIRST);
    void ask('category', LATER);
    void ask('urgency', LATER);
    void ask('subcategory', LATER);
    void ask('ranking', FIRST);
    await settle();
    expect(started).toEqual(['kpis', 'ranking', 'category']);
  });

  it('drops a waiting query whose view is gone before it starts, and never starts one asked for an already left view', async () => {
    const { queue, started, ask, answer } = harness(1);
    void ask('running', FIRST);
    await settle();
    const old = new AbortController();
    const stale = ask('stale', FIRST, old.signal);
    old.abort(new DOMException('view changed', 'AbortError'));
    await expect(stale).rejects.toThrow('view changed');
    expect(queue.queued).toBe(0);
    await expect(ask('late', FIRST, old.signal)).rejects.toThrow('view changed');
    void ask('current', LATER);
    await answer('running');
    expect(started).toEqual(['running', 'current']);
  });

  it('keeps the slot of a running query its caller gave up until its answer comes (the server holds it that long), rejecting the caller at once', async () => {
    const { queue, started, ask, answer, gaveUp } = harness(1);
    const view = new AbortController();
    const old = ask('old', FIRST, view.signal);
    void ask('new', FIRST);
    await settle();
    view.abort(new DOMException('view changed', 'AbortError'));
    await expect(old).rejects.toThrow('view changed');
    // The task is told (so it stops retrying), but its slot is not handed on yet.
    expect(gaveUp.get('old')!.aborted).toBe(true);
    expect(started).toEqual(['old']);
    expect(queue.active).toBe(1);
    await answer('old');
    expect(started).toEqual(['old', 'new']);
  });

  it('frees the slot of a query that failed', async () => {
    const queue = new HeavyQueue(1);
    await expect(queue.run(() => Promise.reject(new Error('429 five times')), FIRST)).rejects.toThrow('429 five times');
    await expect(queue.run(() => Promise.resolve('next'), FIRST)).resolves.toBe('next');
    expect(queue.active).toBe(0);
  });
});

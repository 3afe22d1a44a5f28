import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../shared/src/cases/categories.js';
import type { RunningServer } from '../server.js';
import { startTestServer } from '../testing/testServer.js';

describe('simulator', () => {
  let server: RunningServer;
  // A controllable clock starting at 10:00 Beijing time; the simulator is stepped by hand.
  let now = Date.parse('2026-11-23T10:00:00+08:00');
  const clock = { now: () => now };
  const manual = { every: () => () => {} };

  beforeAll(async () => {
    server = await startTestServer({ clock, scheduler: manual, simulator: { rate: 50, seed: 'test' } });
  });
  afterAll(async () => server.close());

  it('follows the day: more cases at 10:00 than at 03:00', () => {
    const sim = server.simulator!;
    expect(sim.ratePerSecond(Date.parse('2026-11-23T10:00:00+08:00'))).toBeGreaterThan(5 * sim.ratePerSecond(Date.parse('2026-11-23T03:00:00+08:00')));
    // ×1 averages 7,400 a day.
    const day = Array.from({ length: 24 }, (_, h) => sim.ratePerSecond(Date.parse(`2026-11-23T${String(h).padStart(2, '0')}:30:00+08:00`)) * 3600).reduce((a, b) => a + b, 0);
    expect(day / 50).toBeGreaterThan(7_000);
    expect(day / 50).toBeLessThan(7_800);
  });

  it('enters cases through ingest with the category mix, inside the city, and moves them through the loop', async () => {
    const sim = server.simulator!;
    for (let s = 0; s < 600; s++) {
      await sim.step();
      now += 1000;
    }
    const total = await server.store.count();
    expect(total).toBeGreaterThan(2000); // ≈ 50 × 7,400 / 86,400 × 1.9 (10:00 peak) × 600 s ≈ 2,500
    const page = await server.store.query({ limit: 500 });
    const events = page.items.filter((c) => CATEGORIES.find((k) => k.code === c.category)!.kind !== 'component').length;
    expect(events / page.items.length).toBeGreaterThan(0.9);
    const districts = new Set(page.items.map((c) => c.area.district));
    expect(districts.size).toBeGreaterThan(8);
    // Half a day later most early cases have gone round the loop.
    for (let s = 0; s < 12 * 60; s++) {
      now += 60_000;
      await sim.step();
    }
    const closed = await server.store.query({ status: ['closed'], limit: 1 });
    const registered = await server.store.query({ status: ['registered', 'dispatched', 'accepted', 'handled', 'verified'], limit: 1 });
    expect(closed.total).toBeGreaterThan(total * 0.5);
    expect(registered.total + closed.total).toBeGreaterThan(0);
    expect(server.state.aggregate('410100').byStatus.closed).toBe(closed.total);
    // Every step went through the closed loop as an event; the exception paths occur.
    const sample = (await server.store.query({ status: ['closed'], limit: 300 })).items;
    const timeline = await server.store.events(sample[0]!.id);
    expect(timeline.map((e) => e.action).filter((a) => a !== 'escalate' && a !== 'return' && a !== 'fail' && a !== 'extend')).toEqual(['register', 'dispatch', 'accept', 'handle', 'pass', 'close']);
    const actions = new Map<string, number>();
    for (const c of sample) for (const e of await server.store.events(c.id)) actions.set(e.action, (actions.get(e.action) ?? 0) + 1);
    expect(actions.get('close')).toBe(sample.length);
    expect(actions.get('escalate') ?? 0).toBeGreaterThan(0); // 2% of registrations: ~6 expected
    // One-key dispatch put open cases in workers' hands.
    expect(server.staff.openCasesTracked).toBeGreaterThan(0);
  }, 120_000);
});

describe('simulator backfill', () => {
  it('opens a fresh installation on hours of history, played through the same paths', async () => {
    const now = Date.parse('2026-11-23T12:00:00+08:00');
    const server = await startTestServer({ clock: { now: () => now }, scheduler: { every: () => () => {} }, simulator: { rate: 1, seed: 'backfill', backfillHours: 6 } });
    try {
      let expected = 0;
      for (let t = now - 6 * 3600_000; t < now; t += 60_000) expected += server.simulator!.ratePerSecond(t) * 60;
      const total = await server.store.count();
      expect(Math.abs(total - expected)).toBeLessThanOrEqual(1);
      expect(server.state.aggregate('410100').total).toBe(total);
      const closed = await server.store.query({ status: ['closed'], limit: 1 });
      const waiting = await server.store.query({ status: ['reported'], limit: 1 });
      expect(closed.total).toBeGreaterThan(0); // the loop takes 1.5–11 h: early cases are done
      expect(waiting.total).toBeLessThan(total * 0.1); // registration takes minutes
      const latest = await server.store.query({ limit: 1 });
      expect(Date.parse(latest.items[0]!.times.reported!)).toBeLessThan(now);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('with a history, writes the backfill hours with it and picks up the cases still open instead of playing them', async () => {
    let now = Date.parse('2026-11-23T12:00:00+08:00');
    const start = now;
    const server = await startTestServer({ clock: { now: () => now }, scheduler: { every: () => () => {} }, historyDays: 1, simulator: { rate: 1, seed: 'backfill-history', backfillHours: 6 } });
    try {
      const sim = server.simulator!;
      expect(sim.submitted).toBe(0); // nothing played through the live paths
      // One day and six hours, at the simulator's volume and day/night curve (one carry per day).
      let expected = 0;
      for (let t = start - 30 * 3600_000; t < start; t += 60_000) expected += sim.ratePerSecond(t) * 60;
      const total = await server.store.count();
      expect(Math.abs(total - expected)).toBeLessThanOrEqual(2);
      expect(server.state.aggregate('410100').total).toBe(total);
      const latest = await server.store.query({ limit: 1 });
      const latestAt = Date.parse(latest.items[0]!.times.reported!);
      expect(latestAt).toBeLessThan(start);
      expect(latestAt).toBeGreaterThan(start - 5 * 60_000); // up to now, not to where a backfill would begin
      // The cases the history left on their way through the loop move on once the simulator runs.
      const moving = ['registered', 'dispatched', 'accepted', 'handled', 'verified'] as const;
      const before = await server.store.query({ status: [...moving], limit: 5000 });
      expect(before.total).toBeGreaterThan(100);
      expect(before.total).toBeLessThanOrEqual(5000);
      now = start + 24 * 3600_000; // past every stage's delay
      await sim.step(60_000);
      let moved = 0;
      for (const c of before.items) if ((await server.store.get(c.id))!.version > c.version) moved++;
      expect(moved).toBe(before.total);
    } finally {
      await server.close();
    }
  }, 120_000);
});

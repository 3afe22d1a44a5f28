import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { startTestServer } from '../testing/testServer.js';
import { lastStageAt, resumedStep } from './simulator.js';

const CASE: Case = {
  id: 'c1',
  channel: 'grid_patrol',
  category: 'SR',
  subcategory: 'SR01',
  urgency: 'normal',
  lon: 113.6,
  lat: 34.7,
  address: null,
  description: 'x',
  reporter: null,
  reporterIsPartyMember: false,
  handlerIsPartyMember: false,
  status: 'reported',
  area: { district: '410105', street: '410105001', community: '410105001001', grid: '410105001001001' },
  externalId: null,
  source: null,
  times: { reported: '2026-11-23T10:00:00+08:00', registered: null, dispatched: null, accepted: null, handled: null, verified: null, closed: null },
  deadline: null,
  level: 'grid',
  assignee: null,
  reworks: 0,
  extensions: 0,
  stageDeadline: null,
  version: 0,
  verifiedOnTime: null,
  supervised: null,
};

describe('the next step of a stored simulated case', () => {
  const random = () => 0.5;
  const at = (t: string) => Date.parse(t);

  it('follows from its state and the time of its last stage', () => {
    // Reported at 10:00: registered 2–20 minutes later.
    const reported = resumedStep(CASE, random)!;
    expect(reported.action).toBe('register');
    expect(reported.at).toBeGreaterThanOrEqual(at('2026-11-23T10:02:00+08:00'));
    expect(reported.at).toBeLessThanOrEqual(at('2026-11-23T10:20:00+08:00'));
    // Dispatched at 10:30: accepted (or returned) 5–50 minutes after that, not after the report.
    const dispatched: Case = { ...CASE, status: 'dispatched', times: { ...CASE.times, registered: '2026-11-23T10:10:00+08:00', dispatched: '2026-11-23T10:30:00+08:00' } };
    expect(lastStageAt(dispatched)).toBe(at('2026-11-23T10:30:00+08:00'));
    const next = resumedStep(dispatched, random)!;
    expect(['accept', 'return']).toContain(next.action);
    expect(next.at).toBeGreaterThanOrEqual(at('2026-11-23T10:35:00+08:00'));
    expect(next.at).toBeLessThanOrEqual(at('2026-11-23T11:20:00+08:00'));
  });

  it('is none for a case that is done or waits for people', () => {
    for (const status of ['closed', 'rejected', 'parked'] as const) expect(resumedStep({ ...CASE, status }, random)).toBeNull();
  });
});

describe('a new leader’s simulator', () => {
  it('moves on the cases the previous one opened, from the store', async () => {
    // One store, two processes in turn: the first leader opens cases and goes (with what it had
    // scheduled); the next starts on the same store with a simulator of its own.
    const dataDir = mkdtempSync(join(tmpdir(), 'cityops-takeover-'));
    let now = Date.parse('2026-11-23T10:00:00+08:00');
    const options = { dataDir, clock: { now: () => now }, scheduler: { every: () => () => {} } };
    try {
      const first = await startTestServer({ ...options, simulator: { rate: 50, seed: 'first leader' } });
      for (let s = 0; s < 120; s++) {
        await first.simulator!.step();
        now += 1000;
      }
      const opened = (await first.store.query({ status: ['reported'], limit: 5000 })).items.map((c) => c.id);
      expect(opened.length).toBeGreaterThan(100);
      await first.close();

      const next = await startTestServer({ ...options, simulator: { rate: 50, seed: 'next leader' } });
      try {
        // Registration takes 2–20 minutes: half an hour on, every one of them has moved.
        for (let m = 0; m < 30; m++) {
          now += 60_000;
          await next.simulator!.step(60_000);
        }
        const still: string[] = [];
        for (const id of opened) if ((await next.store.get(id))!.status === 'reported') still.push(id);
        expect(still).toEqual([]);
        const events = await next.store.events(opened[0]!);
        expect(events.map((e) => e.action)[0]).toMatch(/^(register|reject)$/);
      } finally {
        await next.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

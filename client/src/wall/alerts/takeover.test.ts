import { describe, expect, it } from 'vitest';
import type { Urgency } from '../../../../shared/src/cases/caseModel.js';
import type { Alert, CaseSummary } from '../../../../shared/src/live/events.js';
import { TakeoverQueue } from './takeover.js';

const T0 = Date.parse('2025-06-01T10:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString();
const kase = (id: string, urgency: Urgency, at = T0): CaseSummary => ({
  id,
  channel: 'hotline_12345',
  category: 'TF',
  subcategory: 'TF01',
  urgency,
  status: 'reported',
  lon: 113.67,
  lat: 34.78,
  grid: '410105001001001',
  reportedAt: iso(at),
  description: '',
});
const alert = (id: string, urgency: Urgency, deadline = T0): Alert => ({ kind: 'overdue', id, grid: '410105001002001', category: 'SR', urgency, deadline });
const config = { showMs: 15_000, queueCapacity: 3, maxAgeMs: 600_000 };

describe('TakeoverQueue', () => {
  it('primes on the first list of an area: what is on screen when the wall opens is no alarm', () => {
    const q = new TakeoverQueue(config);
    q.receive('410105', [kase('m1', 'major')], [alert('o1', 'major')], T0);
    expect(q.nextStepAt()).toBeNull();
    expect(q.step(T0)).toBe(false);
    expect(q.current).toBeNull();
  });

  it('takes over for a new major case, for showMs, then hands back (fake clock)', () => {
    const q = new TakeoverQueue(config);
    let now = T0;
    q.receive('410105', [kase('a', 'normal')], [], now);
    now += 1000;
    q.receive('410105', [kase('m1', 'major', now), kase('b', 'prominent', now), kase('a', 'normal')], [], now);
    expect(q.step(now)).toBe(true);
    expect(q.current).toMatchObject({ key: 'case:m1', kind: 'major', category: 'TF', position: [113.67, 34.78] });
    expect(q.nextStepAt()).toBe(now + 15_000);
    expect(q.step(now + 14_999)).toBe(false);
    // The same case in the next list (a status change) is no new alarm.
    q.receive('410105', [kase('m1', 'major', now), kase('b', 'prominent', now)], [], now + 5000);
    expect(q.step(now + 15_000)).toBe(true);
    expect(q.current).toBeNull();
    expect(q.nextStepAt()).toBeNull();
  });

  it('alarms for a prominent or major case gone overdue, not for a minor one, placed by the latest list', () => {
    const q = new TakeoverQueue(config);
    q.receive('410105', [kase('p', 'prominent')], [], T0);
    q.receive('410105', [kase('p', 'prominent')], [alert('s', 'simple', T0 + 1), alert('n', 'normal', T0 + 2), alert('p', 'prominent', T0 + 3), alert('x', 'major', T0 + 4)], T0 + 10);
    expect(q.queued).toBe(2);
    q.step(T0 + 10);
    expect(q.current).toMatchObject({ key: 'overdue:p', position: [113.67, 34.78], at: T0 + 3 });
    q.step(T0 + 10 + 15_000);
    expect(q.current).toMatchObject({ key: 'overdue:x', position: null, grid: '410105001002001' });
  });

  it('lists but does not show stale news (a resync after a gap), and bounds the queue', () => {
    const q = new TakeoverQueue(config);
    q.receive('410105', [], [], T0);
    const burst = Array.from({ length: 6 }, (_, i) => kase(`m${i}`, 'major', T0 + i));
    q.receive('410105', [...burst, kase('old', 'major', T0 - 3_600_000)], [], T0 + 10);
    expect(q.queued).toBe(3);
    expect(q.dropped).toBe(4); // 3 over capacity, 1 too old
    q.step(T0 + 10);
    expect(q.current?.caseId).toBe('m3'); // the oldest three were dropped, the newest kept in order
  });

  it('primes again on another area (the tour moved on) and forgets what was waiting', () => {
    const q = new TakeoverQueue(config);
    q.receive('410105', [], [], T0);
    q.receive('410105', [kase('m1', 'major')], [], T0);
    q.receive('410102', [kase('m2', 'major')], [], T0);
    expect(q.queued).toBe(0);
    q.receive('410102', [kase('m3', 'major'), kase('m2', 'major')], [], T0);
    expect(q.queued).toBe(1);
  });
});

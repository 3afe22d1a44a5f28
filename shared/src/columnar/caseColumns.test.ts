import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { STATUSES, URGENCIES } from '../cases/caseModel.js';
import { CATEGORIES } from '../cases/categories.js';
import { createRandom as mulberry32 } from '../util/prng.js';
import { CATEGORY_CODES, COLUMNS_VERSION, HEADER_BYTES, STATE_CODES, UNKNOWN, URGENCY_CODES, decodeCaseColumns, encodeCaseColumns, positionTolerance, type ColumnCase, type ColumnEvent } from './caseColumns.js';
import { NOT_YET, stateAt } from './replayState.js';

const T0 = Date.parse('2026-12-07T00:00:00+08:00');

function randomCases(rand: () => number, n: number, spread = 1.5): ColumnCase[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  return Array.from({ length: n }, (_, i) => ({
    seq: 1 + i * 3 + Math.floor(rand() * 3),
    lon: 112.7 + rand() * spread,
    lat: 34.2 + rand() * spread * 0.8,
    urgency: pick(URGENCIES),
    state: pick(STATUSES),
    category: pick(CATEGORIES).code,
    reportedAt: T0 + Math.floor(rand() * 86_400_000),
  }));
}

describe('case columns', () => {
  it('round-trips positions, attributes, times and seqs, at 11 bytes a point besides the seqs', () => {
    const cases = randomCases(mulberry32(1), 1_000);
    const buffer = encodeCaseColumns({ kind: 'cases', cases, fromMs: T0, toMs: T0 + 86_400_000 });
    const c = decodeCaseColumns(buffer);
    expect(c).toMatchObject({ kind: 'cases', version: COLUMNS_VERSION, count: 1_000, total: 1_000, eventCount: 0 });
    // Seqs 1 to 5 apart: one varint byte each; 3 paddings at most.
    expect(buffer.byteLength - HEADER_BYTES).toBeLessThanOrEqual(1_000 * 12 + 9);
    const tol = positionTolerance(c);
    expect(tol).toBeLessThan(2e-5); // ≈ 2 m across 1.5°
    cases.forEach((x, i) => {
      expect(Math.abs(c.lonAt(i) - x.lon)).toBeLessThanOrEqual(tol);
      expect(Math.abs(c.latAt(i) - x.lat)).toBeLessThanOrEqual(tol);
      expect(URGENCY_CODES[c.urgency[i]!]).toBe(x.urgency);
      expect(STATE_CODES[c.state[i]!]).toBe(x.state);
      expect(CATEGORY_CODES[c.category[i]!]).toBe(x.category);
      expect(c.timeMs(c.reported[i]!)).toBe(Math.floor(x.reportedAt / 1000) * 1000);
    });
    expect(Array.from(c.seq)).toEqual(cases.map((x) => x.seq));
  });

  it('decodes into views on the buffer, not copies', () => {
    const buffer = encodeCaseColumns({ kind: 'cases', cases: randomCases(mulberry32(2), 10), fromMs: T0, toMs: T0 });
    const c = decodeCaseColumns(buffer);
    for (const column of [c.x, c.y, c.reported, c.urgency, c.state, c.category]) expect(column.buffer).toBe(buffer);
    c.state[3] = 7;
    expect(decodeCaseColumns(buffer).state[3]).toBe(7);
  });

  it('fuzz: random cases and events of random sizes survive the round trip', () => {
    const rand = mulberry32(42);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(rand() * 60);
      const cases = randomCases(rand, n, rand() * 2);
      const events: ColumnEvent[] = [];
      if (n > 0) {
        let at = T0;
        for (let k = Math.floor(rand() * 100); k > 0; k--) {
          at += Math.floor(rand() * 5_000);
          events.push({ caseIndex: Math.floor(rand() * n), at, state: STATUSES[Math.floor(rand() * STATUSES.length)]! });
        }
      }
      const totalCases = n + Math.floor(rand() * 10);
      const c = decodeCaseColumns(encodeCaseColumns({ kind: 'replay', cases, events, totalCases, totalEvents: events.length + 3, fromMs: T0, toMs: T0 + 1 }));
      expect(c).toMatchObject({ count: n, total: totalCases, eventCount: events.length, eventTotal: events.length + 3 });
      const tol = positionTolerance(c);
      cases.forEach((x, i) => {
        expect(c.seq[i]).toBe(x.seq);
        expect(Math.abs(c.lonAt(i) - x.lon)).toBeLessThanOrEqual(tol);
        expect(Math.abs(c.latAt(i) - x.lat)).toBeLessThanOrEqual(tol);
      });
      events.forEach((e, i) => {
        expect(c.eventCase[i]).toBe(e.caseIndex);
        expect(c.timeMs(c.eventTime[i]!)).toBe(Math.floor(e.at / 1000) * 1000);
        expect(STATE_CODES[c.eventState[i]!]).toBe(e.state);
      });
    }
  });

  it('counts what a cap left out in the header, and an empty buffer decodes', () => {
    const c = decodeCaseColumns(encodeCaseColumns({ kind: 'cases', cases: [], totalCases: 12, fromMs: T0, toMs: T0 }));
    expect(c).toMatchObject({ count: 0, total: 12 });
    expect(() => encodeCaseColumns({ kind: 'cases', cases: randomCases(mulberry32(3), 5), totalCases: 4, fromMs: T0, toMs: T0 })).toThrow(/totalCases/);
  });

  it('codes an unknown category or state as UNKNOWN rather than as another', () => {
    const [one] = randomCases(mulberry32(4), 1);
    const c = decodeCaseColumns(encodeCaseColumns({ kind: 'cases', cases: [{ ...one!, category: 'nope', state: 'odd' }], fromMs: T0, toMs: T0 }));
    expect([c.category[0], c.state[0]]).toEqual([UNKNOWN, UNKNOWN]);
  });

  it('refuses events out of order, of unknown cases, or in a cases buffer', () => {
    const cases = randomCases(mulberry32(5), 3);
    const enc = (events: ColumnEvent[], kind: 'cases' | 'replay' = 'replay') => () => encodeCaseColumns({ kind, cases, events, fromMs: T0, toMs: T0 });
    expect(enc([{ caseIndex: 0, at: T0 + 5_000, state: 'closed' }, { caseIndex: 1, at: T0 + 1_000, state: 'closed' }])).toThrow(/time order/);
    expect(enc([{ caseIndex: 3, at: T0, state: 'closed' }])).toThrow(/case index 3/);
    expect(enc([{ caseIndex: 0, at: T0, state: 'closed' }], 'cases')).toThrow(/no events/);
  });

  it('refuses a foreign, truncated, old or future-version buffer with a reason', () => {
    const buffer = encodeCaseColumns({ kind: 'cases', cases: randomCases(mulberry32(6), 4), fromMs: T0, toMs: T0 });
    expect(() => decodeCaseColumns(new ArrayBuffer(10))).toThrow(/header/);
    expect(() => decodeCaseColumns(buffer.slice(0, buffer.byteLength - 4))).toThrow(/announces/);
    const other = buffer.slice(0);
    new DataView(other).setUint16(4, 2, true); // version 2: front-coded ids, no longer written
    expect(() => decodeCaseColumns(other)).toThrow(/version 2 is not supported .*knows version 3 only.*reload/);
    new DataView(other).setUint16(4, 1, true);
    expect(() => decodeCaseColumns(other)).toThrow(/version 1 is not supported/);
    new DataView(other).setUint16(4, 4, true);
    expect(() => decodeCaseColumns(other)).toThrow(/version 4/);
    new DataView(other).setUint32(0, 0, true);
    expect(() => decodeCaseColumns(other)).toThrow(/magic/);
  });
});

/**
 * Seqs of live cases in point order (newest first, as the map sends them): the store numbers cases
 * as they are inserted, and several sources insert in batches, late reports included, so the
 * order by report time differs from the insertion order by up to `lateMs`; `closedShare` of the
 * stored cases are closed and leave gaps (the map sends open ones). Ten reports a second.
 */
function liveSeqs(rand: () => number, n: number, lateMs: number, closedShare: number): { seqs: number[]; reportedAt: number[] } {
  const reported = Array.from({ length: n }, (_, i) => T0 + i * 100 + Math.floor(rand() * 100));
  const inserted = reported.map((t, i) => ({ i, at: t + Math.floor(rand() ** 3 * lateMs) })).sort((a, b) => a.at - b.at);
  const seqs = new Array<number>(n);
  let seq = 1_000_000;
  for (const { i } of inserted) {
    while (rand() < closedShare) seq++;
    seqs[i] = seq++;
  }
  return { seqs: seqs.reverse(), reportedAt: reported.reverse() };
}

const withSeqs = (seqs: readonly number[], reportedAt?: readonly number[]): ColumnCase[] => {
  const rand = mulberry32(9);
  const base = randomCases(rand, seqs.length);
  return seqs.map((seq, i) => ({ ...base[i]!, seq, reportedAt: reportedAt?.[i] ?? T0 + i * 1_000 }));
};
const roundTrip = (seqs: readonly number[]) => decodeCaseColumns(encodeCaseColumns({ kind: 'cases', cases: withSeqs(seqs), fromMs: T0, toMs: T0 }));

describe('case columns: the seq column', () => {
  it('round-trips seqs up and down, repeated, 0, the largest, and jumps across the whole range', () => {
    const seqs = [0, 0, 1, 0, 0xffff_ffff, 0, 0xffff_ffff, 0xffff_fffe, 63, 64, 65, 8191, 8192, 2 ** 31, 2 ** 31 - 1, 7, 7, 123_456_789, 5];
    expect(Array.from(roundTrip(seqs).seq)).toEqual(seqs);
  });

  it('fuzz: random seqs and differences of every varint length survive the round trip', () => {
    const rand = mulberry32(77);
    for (let round = 0; round < 300; round++) {
      const scale = 2 ** Math.floor(rand() * 33);
      let seq = Math.floor(rand() * 0xffff_ffff);
      const seqs = Array.from({ length: Math.floor(rand() * 40) }, () => (seq = Math.min(0xffff_ffff, Math.max(0, seq + Math.floor((rand() - 0.5) * scale)))));
      expect(Array.from(roundTrip(seqs).seq)).toEqual(seqs);
    }
  });

  it('refuses a seq that is not an integer from 0 to 2³² − 1', () => {
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) expect(() => encodeCaseColumns({ kind: 'cases', cases: withSeqs([1, bad]), fromMs: T0, toMs: T0 })).toThrow(/case 1: seq .* is not an integer/);
  });

  it('sends 100,000 live points in under 12 bytes each after gzip, the seqs in under 2 bytes raw', () => {
    const rand = mulberry32(12);
    // A late report: up to 2 minutes (most within seconds).
    const { seqs, reportedAt } = liveSeqs(rand, 100_000, 120_000, 0.3);
    const cases = withSeqs(seqs, reportedAt);
    const buffer = encodeCaseColumns({ kind: 'cases', cases, fromMs: T0, toMs: T0 + 86_400_000 });
    const c = decodeCaseColumns(buffer);
    expect(Array.from(c.seq)).toEqual(seqs);
    const seqBytes = buffer.byteLength - HEADER_BYTES - 11 * cases.length;
    expect(seqBytes / cases.length).toBeLessThan(2);
    expect(gzipSync(new Uint8Array(buffer)).byteLength / cases.length).toBeLessThanOrEqual(12);
  });

  it('refuses a damaged seq column with a reason', () => {
    const buffer = encodeCaseColumns({ kind: 'cases', cases: withSeqs([300]), fromMs: T0, toMs: T0 });
    // One point: x at 96, y at 100, reported at 104, the Uint8 columns at 108–110, the seq at 112 (600 as a varint: 0xd8 0x04).
    expect(Array.from(new Uint8Array(buffer, 112, 2))).toEqual([0xd8, 0x04]);
    const damaged = (at: number, byte: number) => {
      const copy = buffer.slice(0);
      new Uint8Array(copy)[at] = byte;
      return () => decodeCaseColumns(copy);
    };
    expect(damaged(113, 0x84)).toThrow(/seq column ends inside point 0/);
    expect(damaged(112, 0x58)).toThrow(/1 bytes past its 1 points/);
    expect(damaged(112, 0xd9)).toThrow(/seq -301 is out of range/);
  });
});

describe('stateAt', () => {
  it('opens a case at its report, moves it by its events and closes it, strictly before t', () => {
    const cases: ColumnCase[] = [
      { seq: 1, lon: 113, lat: 34, urgency: 'normal', state: 'reported', category: CATEGORIES[0]!.code, reportedAt: T0 + 1_000 },
      { seq: 2, lon: 113.1, lat: 34.1, urgency: 'major', state: 'dispatched', category: CATEGORIES[0]!.code, reportedAt: T0 - 86_400_000 },
      { seq: 3, lon: 113.2, lat: 34.2, urgency: 'simple', state: 'reported', category: CATEGORIES[0]!.code, reportedAt: T0 + 10_000 },
    ];
    const events: ColumnEvent[] = [
      { caseIndex: 0, at: T0 + 2_000, state: 'registered' },
      { caseIndex: 1, at: T0 + 3_000, state: 'closed' },
      { caseIndex: 2, at: T0 + 12_000, state: 'rejected' },
    ];
    const replay = decodeCaseColumns(encodeCaseColumns({ kind: 'replay', cases, events, fromMs: T0, toMs: T0 + 86_400_000 }));
    const at = (ms: number) => stateAt(replay, T0 + ms);
    expect(at(0).open).toEqual([1]);
    expect(at(0).state[0]).toBe(NOT_YET);
    expect(at(1_000).open).toEqual([1]); // reported at exactly t: not yet
    expect(at(1_001).open).toEqual([0, 1]);
    expect(STATE_CODES[at(2_500).state[0]!]).toBe('registered');
    expect(at(3_001).open).toEqual([0]);
    expect(at(10_001).open).toEqual([0, 2]);
    expect(at(12_000).open).toEqual([0, 2]);
    expect(at(12_001).open).toEqual([0]);
  });
});

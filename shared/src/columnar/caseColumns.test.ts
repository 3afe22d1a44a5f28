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
    id: `C${String(i).padStart(6, '0')}${rand() < 0.1 ? '郑州' : ''}`,
    lon: 112.7 + rand() * spread,
    lat: 34.2 + rand() * spread * 0.8,
    urgency: pick(URGENCIES),
    state: pick(STATUSES),
    category: pick(CATEGORIES).code,
    reportedAt: T0 + Math.floor(rand() * 86_400_000),
  }));
}

describe('case columns', () => {
  it('round-trips positions, attributes, times and ids, at 11 bytes a point besides the ids', () => {
    const cases = randomCases(mulberry32(1), 1_000);
    const buffer = encodeCaseColumns({ kind: 'cases', cases, fromMs: T0, toMs: T0 + 86_400_000 });
    const c = decodeCaseColumns(buffer);
    expect(c).toMatchObject({ kind: 'cases', version: COLUMNS_VERSION, count: 1_000, total: 1_000, eventCount: 0 });
    // At most: the ids' UTF-8 in full and two 1-byte lengths each (front coding only takes away), 3 paddings.
    const idBytes = cases.reduce((n, x) => n + new TextEncoder().encode(x.id).length + 2, 0);
    expect(buffer.byteLength - HEADER_BYTES - idBytes).toBeLessThanOrEqual(1_000 * 11 + 9);
    const tol = positionTolerance(c);
    expect(tol).toBeLessThan(2e-5); // ≈ 2 m across 1.5°
    cases.forEach((x, i) => {
      expect(Math.abs(c.lonAt(i) - x.lon)).toBeLessThanOrEqual(tol);
      expect(Math.abs(c.latAt(i) - x.lat)).toBeLessThanOrEqual(tol);
      expect(URGENCY_CODES[c.urgency[i]!]).toBe(x.urgency);
      expect(STATE_CODES[c.state[i]!]).toBe(x.state);
      expect(CATEGORY_CODES[c.category[i]!]).toBe(x.category);
      expect(c.timeMs(c.reported[i]!)).toBe(Math.floor(x.reportedAt / 1000) * 1000);
      expect(c.idAt(i)).toBe(x.id);
    });
    expect(c.ids()).toEqual(cases.map((x) => x.id));
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
        expect(c.idAt(i)).toBe(x.id);
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
    new DataView(other).setUint16(4, 1, true); // version 1: ids as offsets + UTF-8, no longer written
    expect(() => decodeCaseColumns(other)).toThrow(/version 1 is not supported .*knows version 2 only/);
    new DataView(other).setUint16(4, 3, true);
    expect(() => decodeCaseColumns(other)).toThrow(/version 3/);
    new DataView(other).setUint32(0, 0, true);
    expect(() => decodeCaseColumns(other)).toThrow(/magic/);
  });
});

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Case ids as the server makes them (ULIDs: 10 base32 digits of milliseconds, 16 random ones,
 * the random part counted up within one millisecond), newest first as the map sends them.
 * `perMs` ids share a millisecond (the simulator's backfill reports a few at once; live cases one).
 */
function ulids(rand: () => number, n: number, perMs: () => number, gapMs: () => number): string[] {
  const out: string[] = [];
  let ms = T0;
  while (out.length < n) {
    const digits = Array.from({ length: 16 }, () => Math.floor(rand() * 32));
    let time = '';
    for (let t = ms, k = 0; k < 10; k++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32]! + time;
    for (let k = perMs(); k > 0 && out.length < n; k--) {
      out.push(time + digits.map((d) => CROCKFORD[d]).join(''));
      for (let j = 15; j >= 0 && ++digits[j]! === 32; j--) digits[j] = 0;
    }
    ms += gapMs();
  }
  return out.reverse();
}

const withIds = (ids: readonly string[]): ColumnCase[] => {
  const [base] = randomCases(mulberry32(9), 1);
  return ids.map((id, i) => ({ ...base!, id, reportedAt: T0 + i * 1_000 }));
};
const roundTrip = (ids: readonly string[]) => decodeCaseColumns(encodeCaseColumns({ kind: 'cases', cases: withIds(ids), fromMs: T0, toMs: T0 }));
/** Bytes a point besides the 11 of the columns (and ≤ 9 of padding): the id table. */
const idBytesAPoint = (ids: readonly string[]): number => (encodeCaseColumns({ kind: 'cases', cases: withIds(ids), fromMs: T0, toMs: T0 }).byteLength - HEADER_BYTES - 11 * ids.length) / ids.length;

describe('case columns: the id table', () => {
  it('round-trips adversarial ids: empty, repeated, a prefix of the one before, sharing nothing, CJK, surrogate pairs, long', () => {
    const ids = [
      '', '', 'a', 'a', '', 'ab', 'a', 'abc', 'xyz', '郑州', '郑州市', '郑', '郑州', 'zhengzhou',
      '😀', '😁', '😀x', '😀😁', '😀😀', 'a😀', 'a😁', '\u0000', '\u0000\u0000', 'é', 'e\u0301',
      'x'.repeat(127), 'x'.repeat(128), 'x'.repeat(129) + '州', 'y'.repeat(20_000), 'y'.repeat(20_000) + 'z', '01M987NJF9TGYE6BNGGJQAGW2T',
    ];
    const c = roundTrip(ids);
    expect(c.ids()).toEqual(ids);
    ids.forEach((id, i) => expect(c.idAt(i)).toBe(id));
    expect(() => c.idAt(ids.length)).toThrow(RangeError);
    expect(() => c.idAt(-1)).toThrow(RangeError);
  });

  it('fuzz: ids from a small alphabet of ASCII, CJK and astral characters survive the round trip', () => {
    const rand = mulberry32(77);
    const alphabet = ['a', 'b', '0', '郑', '州', '😀', '😁', '𠀀'];
    for (let round = 0; round < 300; round++) {
      const ids = Array.from({ length: Math.floor(rand() * 40) }, () => Array.from({ length: Math.floor(rand() * 7) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
      if (rand() < 0.5) ids.sort();
      expect(roundTrip(ids).ids()).toEqual(ids);
    }
  });

  it('round-trips 100,000 server-made ids, and ids() hands out a copy', () => {
    const rand = mulberry32(11);
    const ids = ulids(rand, 100_000, () => 1 + Math.floor(rand() * 8), () => 1 + Math.floor(rand() * 40));
    const c = roundTrip(ids);
    const got = c.ids();
    expect(got).toEqual(ids);
    got[0] = 'changed';
    expect(c.idAt(0)).toBe(ids[0]);
    expect(c.idAt(99_999)).toBe(ids[99_999]);
  });

  it('sends server-made ids in a fraction of their 30 bytes a point (26 characters and a 4-byte offset in version 1)', () => {
    const rand = mulberry32(12);
    // Made a few a millisecond (the simulator's backfill): mostly the last digit differs.
    const burst = idBytesAPoint(ulids(rand, 10_000, () => 1 + Math.floor(rand() * 9), () => 1 + Math.floor(rand() * 40)));
    expect(burst).toBeLessThanOrEqual(8);
    // One a millisecond over a day (live cases): the shared time part only; the 16 random digits stay.
    const spread = idBytesAPoint(ulids(rand, 10_000, () => 1, () => Math.floor(rand() * 17_280)));
    expect(spread).toBeLessThanOrEqual(22);
    expect(spread).toBeGreaterThan(16);
  });

  it('refuses a damaged id table with a reason', () => {
    const buffer = encodeCaseColumns({ kind: 'cases', cases: withIds(['AB']), fromMs: T0, toMs: T0 });
    // One point: x at 96, y at 100, reported at 104, the Uint8 columns at 108–110, the lengths at 112 (0, 2), the rest "AB" at 114.
    expect(Array.from(new Uint8Array(buffer, 112, 4))).toEqual([0, 2, 65, 66]);
    const damaged = (at: number, byte: number) => {
      const copy = buffer.slice(0);
      new Uint8Array(copy)[at] = byte;
      return () => decodeCaseColumns(copy);
    };
    expect(damaged(112, 1)).toThrow(/id 0 shares 1 characters with a 0-character id/);
    expect(damaged(113, 3)).toThrow(/rests hold 2 characters, its lengths 3/);
    expect(damaged(113, 0x80)).toThrow(/id table/);
  });
});

describe('stateAt', () => {
  it('opens a case at its report, moves it by its events and closes it, strictly before t', () => {
    const cases: ColumnCase[] = [
      { id: 'A', lon: 113, lat: 34, urgency: 'normal', state: 'reported', category: CATEGORIES[0]!.code, reportedAt: T0 + 1_000 },
      { id: 'B', lon: 113.1, lat: 34.1, urgency: 'major', state: 'dispatched', category: CATEGORIES[0]!.code, reportedAt: T0 - 86_400_000 },
      { id: 'C', lon: 113.2, lat: 34.2, urgency: 'simple', state: 'reported', category: CATEGORIES[0]!.code, reportedAt: T0 + 10_000 },
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

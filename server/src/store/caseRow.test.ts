import { describe, expect, it } from 'vitest';
import { makeCase, makeFullCase } from './caseFixtures.js';
import { formatShanghai, fromRow, parseIsoTime, toRow } from './caseRow.js';

const reference = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');

describe('formatShanghai', () => {
  it('spells an instant in Beijing time with milliseconds', () => {
    expect(formatShanghai(Date.parse('2026-11-22T00:30:00Z'))).toBe('2026-11-22T08:30:00.000+08:00');
    expect(formatShanghai(Date.parse('2026-12-31T16:00:00.007Z'))).toBe('2027-01-01T00:00:00.007+08:00');
    expect(formatShanghai(0)).toBe('1970-01-01T08:00:00.000+08:00');
  });

  it('matches Date#toISOString across leap days, century rules and negative epochs', () => {
    const edges = ['2000-02-29T15:59:59.999Z', '2000-02-29T16:00:00Z', '2100-02-28T16:00:00Z', '1900-03-01T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T15:59:59.999Z'];
    for (const iso of edges) expect(formatShanghai(Date.parse(iso))).toBe(reference(Date.parse(iso)));
    // Deterministic sweep: ~10k instants from 1600 to 2400 with odd strides hit every field.
    for (let ms = -11_676_096_000_000; ms < 13_569_465_600_000; ms += 2_524_608_123_457) {
      for (let k = 0; k < 1_000; k++) {
        const t = ms + k * 86_399_999;
        expect(formatShanghai(t)).toBe(reference(t));
      }
    }
    expect(formatShanghai(Date.parse('+010000-01-01T00:00:00Z'))).toBe(reference(Date.parse('+010000-01-01T00:00:00Z')));
  });

  it('round-trips through parseIsoTime', () => {
    const ms = Date.parse('2026-11-22T08:30:00.123+08:00');
    expect(parseIsoTime(formatShanghai(ms), 'x')).toBe(ms);
    expect(() => parseIsoTime('yesterday', 'case A: times.reported')).toThrow('case A: times.reported: not an ISO 8601 time');
  });
});

describe('toRow / fromRow', () => {
  it('are inverse for stored-shape cases', () => {
    const full = makeFullCase('A', Date.parse('2026-11-22T08:30:00+08:00'));
    const minimal = makeCase('B', Date.parse('2026-11-22T08:30:00+08:00'));
    expect(fromRow(toRow(full))).toStrictEqual(full);
    expect(fromRow(toRow(minimal))).toStrictEqual(minimal);
  });

  it('stores an empty reporter as none and names the field of a bad time', () => {
    const c = makeCase('C', 0, { reporter: {} });
    expect(fromRow(toRow(c)).reporter).toBeNull();
    expect(() => toRow({ ...c, deadline: 'soon' })).toThrow('case C: deadline: not an ISO 8601 time');
    expect(() => toRow({ ...c, times: { ...c.times, reported: null } })).toThrow('case C: times.reported is required');
  });
});

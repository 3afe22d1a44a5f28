import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../shared/src/live/events.js';
import { CasePulses } from './casePulse.js';

const c = (id: string) => ({ id }) as CaseSummary;

describe('CasePulses', () => {
  it('does not pulse the snapshot, pulses new cases for the duration', () => {
    const p = new CasePulses(3000);
    expect(p.update([c('a'), c('b')], 1000)).toBe(false);
    expect(p.active([c('a'), c('b')], 1000)).toEqual([]);
    expect(p.update([c('n'), c('a'), c('b')], 2000)).toBe(true);
    expect(p.active([c('n'), c('a'), c('b')], 2500)).toEqual([{ item: c('n'), age: 500 }]);
    expect(p.endsAt()).toBe(5000);
    expect(p.active([c('n'), c('a'), c('b')], 5000)).toEqual([]);
  });

  it('keeps only the ids of the last list (bounded by the feed) and forgets all on reset', () => {
    const p = new CasePulses(3000);
    p.update([c('a')], 0);
    const many = Array.from({ length: 100 }, (_, i) => c(`x${i}`));
    for (let t = 1; t <= 50; t++) p.update(many.map((x) => c(`${x.id}-${t}`)), t);
    expect(p.size).toBe(100);
    p.reset();
    expect(p.update([c('z')], 10)).toBe(false);
  });
});

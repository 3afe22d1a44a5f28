import { describe, expect, it } from 'vitest';
import { LOCK_MS, MAX_FAILED_LOGINS, UnknownNameLocks } from './signInLock.js';

describe('UnknownNameLocks', () => {
  it('locks a name after the failures an account takes, for as long, then counts from zero', () => {
    const locks = new UnknownNameLocks();
    const t = 1_000_000;
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect(locks.fail('ghost', t)).toEqual({ failedInARow: i, lockedUntil: null, keep: i });
    expect(locks.fail('ghost', t)).toMatchObject({ failedInARow: MAX_FAILED_LOGINS, lockedUntil: t + LOCK_MS });
    expect(locks.lockedUntil('ghost', t + LOCK_MS - 1)).toBe(t + LOCK_MS);
    expect(locks.lockedUntil('ghost', t + LOCK_MS)).toBeNull();
    expect(locks.fail('ghost', t + LOCK_MS)).toMatchObject({ failedInARow: 1, lockedUntil: null });
  });

  it('keeps at most its capacity of names, forgetting the one that failed longest ago', () => {
    const locks = new UnknownNameLocks(100);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) locks.fail('locked.one', 0);
    for (let i = 0; i < 10_000; i++) {
      locks.fail(`made.up.${i}`, 0);
      expect(locks.size).toBeLessThanOrEqual(100);
    }
    expect(locks.lockedUntil('locked.one', 1)).toBeNull(); // forgotten under the flood
    expect(locks.fail('made.up.9999', 0).failedInARow).toBe(2);
    expect(locks.fail('made.up.0', 0).failedInARow).toBe(1);
    // Failing again makes a name the newest.
    const small = new UnknownNameLocks(3);
    for (const name of ['a', 'b', 'c', 'a', 'd']) small.fail(name, 0);
    expect(small.fail('a', 0).failedInARow).toBe(3);
    expect(small.fail('b', 0).failedInARow).toBe(1);
  });
});

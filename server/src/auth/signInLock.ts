/** Failed sign-ins in a row before a user name is locked, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;
/** User names without an account whose failures are remembered: about 200 bytes each, ≈ 2 MB at most. */
export const UNKNOWN_NAMES_KEPT = 10_000;

export interface Failure {
  /** failures in a row, this one included */
  failedInARow: number;
  /** set when this failure locks the name */
  lockedUntil: number | null;
  /** the count to keep: it starts again from zero once the name is locked */
  keep: number;
}

/** One more failed sign-in after `failedBefore` in a row: the same rule for accounts and unknown names. */
export function afterFailure(failedBefore: number, now: number): Failure {
  const failedInARow = failedBefore + 1;
  const lockedUntil = failedInARow >= MAX_FAILED_LOGINS ? now + LOCK_MS : null;
  return { failedInARow, lockedUntil, keep: lockedUntil === null ? failedInARow : 0 };
}

/**
 * Where the failures of user names without an account are counted: in this process
 * (UnknownNameLocks), or in Redis for every node at once (limits/redisNameLocks.ts), so that a
 * name is locked after the same failures as an account whichever nodes they reach.
 */
export interface NameLocks {
  /** The end of the name's lock, while it lasts. */
  lockedUntil(name: string, now: number): number | null | Promise<number | null>;
  /** One more failure of the name. */
  fail(name: string, now: number): Failure | Promise<Failure>;
}

/**
 * Failed sign-ins of user names that have no account (or a disabled one), counted and locked like
 * an account's, so that the answers do not tell which names exist. In memory and bounded: past
 * `capacity` names, the one that failed longest ago is forgotten, so a flood of made-up names
 * cannot grow the server (it can only make a forgotten name count from zero again).
 */
export class UnknownNameLocks implements NameLocks {
  // Insertion order is the order of the last failure: the first key is the one to forget.
  private readonly failures = new Map<string, { failed: number; lockedUntil: number | null }>();

  constructor(private readonly capacity = UNKNOWN_NAMES_KEPT) {}

  get size(): number {
    return this.failures.size;
  }

  /** The end of the name's lock, while it lasts. */
  lockedUntil(name: string, now: number): number | null {
    const lockedUntil = this.failures.get(name)?.lockedUntil ?? null;
    return lockedUntil !== null && lockedUntil > now ? lockedUntil : null;
  }

  fail(name: string, now: number): Failure {
    const failure = afterFailure(this.failures.get(name)?.failed ?? 0, now);
    this.failures.delete(name);
    this.failures.set(name, { failed: failure.keep, lockedUntil: failure.lockedUntil });
    if (this.failures.size > this.capacity) this.failures.delete(this.failures.keys().next().value!);
    return failure;
  }
}

/**
 * Polls `what` every 20 ms until it returns something truthy, and returns that; throws after
 * `ms`. A bound on waiting for a condition, never an assertion on how long it took.
 */
export async function until<T>(what: () => T | undefined | null | false, ms = 10_000, label = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

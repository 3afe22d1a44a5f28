/**
 * Resolves in a later turn of the event loop, after the I/O waiting meanwhile (a health probe, a
 * socket's message): long work awaits it between bounded slices instead of holding the loop.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Main-thread time one slice of a long loop may take before it gives the loop back, ms. Bounded
 * by time rather than by a count of items: an item's cost varies with the machine, its load and
 * cold caches (a count that took 2–5 ms on an idle machine took 50–80 ms on a loaded one).
 */
export const SLICE_MS = 4;

/**
 * The slices of one long loop: it asks `spent()` every so many items (a clock read each) and, when
 * the slice has used SLICE_MS, awaits `next()`, which goes on in a later turn with a fresh slice.
 */
export class Slices {
  private end = performance.now() + SLICE_MS;

  spent(): boolean {
    return performance.now() >= this.end;
  }

  async next(): Promise<void> {
    await nextTurn();
    this.end = performance.now() + SLICE_MS;
  }
}

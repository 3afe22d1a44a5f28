/**
 * A least-recently-used map with a fixed number of entries, so a wall left panning for weeks
 * holds at most `capacity` district geometries.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`cache capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Reads without changing the eviction order. */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Reads and marks the entry as most recently used. */
  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Stores the entry as most recently used; returns the keys evicted to stay within capacity. */
  set(key: K, value: V): K[] {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    const evicted: K[] = [];
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.capacity) break;
      this.#entries.delete(oldest);
      evicted.push(oldest);
    }
    return evicted;
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  keys(): K[] {
    return [...this.#entries.keys()];
  }
}

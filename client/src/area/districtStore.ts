import type { DistrictAreas } from '../api/loadCity.js';
import { BoundedCache } from './boundedCache.js';

export type DistrictEntry =
  | { status: 'loading' }
  | { status: 'ready'; areas: DistrictAreas }
  | { status: 'error'; message: string };

export interface DistrictStoreOptions {
  /** District code → geometry URL, from GET /api/areas. */
  urls: Readonly<Record<string, string>>;
  load: (code: string, url: string) => Promise<DistrictAreas>;
  /** Districts held at once (loaded or loading). Must cover one view's worth of districts. */
  capacity: number;
}

/**
 * Fetches each district's detail geometry at most once while it stays cached, and tells
 * subscribers when an entry changes. Framework-free so it can be tested without React.
 */
export class DistrictStore {
  readonly #cache: BoundedCache<string, DistrictEntry>;
  readonly #listeners = new Set<() => void>();
  #version = 0;

  constructor(private readonly options: DistrictStoreOptions) {
    this.#cache = new BoundedCache(options.capacity);
  }

  /** Increases on every change; a snapshot for React's useSyncExternalStore. */
  get version(): number {
    return this.#version;
  }

  get(code: string): DistrictEntry | undefined {
    return this.#cache.peek(code);
  }

  cachedCodes(): string[] {
    return this.#cache.keys();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Marks `codes` as in use and starts loads for those not cached (or that failed before). */
  request(codes: readonly string[]): void {
    if (codes.length > this.options.capacity) {
      throw new Error(`requested ${codes.length} districts but the cache holds ${this.options.capacity}`);
    }
    for (const code of codes) {
      const entry = this.#cache.get(code);
      if (entry && entry.status !== 'error') continue;
      const url = this.options.urls[code];
      if (!url) {
        this.#put(code, { status: 'error', message: `no geometry URL for district ${code}` });
        continue;
      }
      const loading: DistrictEntry = { status: 'loading' };
      this.#put(code, loading);
      this.options.load(code, url).then(
        (areas) => this.#settle(code, loading, { status: 'ready', areas }),
        (error: unknown) => this.#settle(code, loading, { status: 'error', message: String(error instanceof Error ? error.message : error) }),
      );
    }
  }

  #settle(code: string, token: DistrictEntry, entry: DistrictEntry): void {
    // Evicted (or replaced) while loading: drop the result rather than grow past capacity.
    if (this.#cache.peek(code) !== token) return;
    this.#put(code, entry);
  }

  #put(code: string, entry: DistrictEntry): void {
    this.#cache.set(code, entry);
    this.#version++;
    for (const listener of this.#listeners) listener();
  }
}

import type { FetchLike } from './fetchJson.js';

/** GET /api/areas/:code: the area's node, ancestors and children (at grid level its buildings). */
export const areaDetailUrl = (code: string): string => `/api/areas/${encodeURIComponent(code)}`;

/** What a shared GET answered: the status and the body read once (null when it was not JSON). */
export interface SharedAnswer {
  ok: boolean;
  status: number;
  statusText: string;
  body: unknown;
}

interface Entry {
  answer: Promise<SharedAnswer>;
  /** When the answer arrived (ms, from `now`); null while in flight. */
  at: number | null;
  controller: AbortController;
  /** Callers still waiting for the answer in flight: the request is aborted when the last one leaves. */
  waiting: number;
}

export interface SharedGetOptions {
  /** Answers kept (in flight or arrived), the least recently asked for dropped first. */
  kept: number;
  /** An ok answer younger than this is handed out again instead of asking the server (ms). */
  freshMs: number;
  now: () => number;
}

const abortError = (): Error => new DOMException('The operation was aborted.', 'AbortError');

/**
 * A FetchLike that asks the server once for callers wanting the same URL at about the same time:
 * a caller joins the request in flight, or takes an ok answer younger than `freshMs`. Each caller's
 * signal rejects its own promise; the request itself is aborted only when every caller has left.
 * A failed or non-ok answer is not kept (the next caller asks again). At most `kept` URLs are held.
 */
export function sharedGet(fetchFn: (url: string, init: { signal: AbortSignal }) => Promise<Pick<Response, 'ok' | 'status' | 'statusText' | 'json'>>, options: SharedGetOptions): FetchLike {
  const entries = new Map<string, Entry>();

  const start = (url: string): Entry => {
    const controller = new AbortController();
    const entry: Entry = { answer: Promise.resolve(null as never), at: null, controller, waiting: 0 };
    entry.answer = fetchFn(url, { signal: controller.signal }).then(async (res) => {
      const body: unknown = await res.json().catch((error: unknown) => {
        if (controller.signal.aborted) throw error;
        return null;
      });
      return { ok: res.ok, status: res.status, statusText: res.statusText, body };
    });
    entry.answer.then(
      (a) => {
        if (entries.get(url) !== entry) return;
        if (a.ok) entry.at = options.now();
        else entries.delete(url);
      },
      () => {
        if (entries.get(url) === entry) entries.delete(url);
      },
    );
    entries.set(url, entry);
    while (entries.size > options.kept) entries.delete(entries.keys().next().value!);
    return entry;
  };

  return async (url, init) => {
    const signal = init?.signal;
    if (signal?.aborted) throw abortError();
    let entry = entries.get(url);
    if (entry && entry.at !== null && options.now() - entry.at >= options.freshMs) entry = undefined;
    if (entry) {
      // Most recently asked for: last in the map's order.
      entries.delete(url);
      entries.set(url, entry);
    } else entry = start(url);
    const joined = entry;
    joined.waiting++;
    let onAbort: (() => void) | null = null;
    const aborted = new Promise<never>((_, reject) => {
      if (!signal) return;
      onAbort = () => reject(abortError());
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const answer = await Promise.race([joined.answer, aborted]);
      return { ok: answer.ok, status: answer.status, statusText: answer.statusText, json: () => Promise.resolve(answer.body) };
    } finally {
      if (onAbort) signal!.removeEventListener('abort', onAbort);
      joined.waiting--;
      if (joined.waiting === 0 && joined.at === null && signal?.aborted) {
        joined.controller.abort();
        if (entries.get(url) === joined) entries.delete(url);
      }
    }
  };
}

/** Area details kept: a screen follows one area at a time; a few back-and-forth drills reuse theirs. */
const AREAS_KEPT = 8;
/** Area names and buildings change with a new city model only: an answer serves for 5 minutes. */
const AREA_FRESH_MS = 5 * 60 * 1000;

/**
 * GET /api/areas/:code for the whole page: the names (useAreaNames, the desk's breadcrumb) and a
 * grid cell's buildings (useGridBuildings) of one area come from one request.
 */
export const areaDetailFetch: FetchLike = sharedGet((url, init) => fetch(url, { credentials: 'same-origin', ...init }), { kept: AREAS_KEPT, freshMs: AREA_FRESH_MS, now: () => Date.now() });

/**
 * When an open screen reloads itself after a deploy: the pure rule that useBuildReload.ts applies
 * to the server's `live:hello` (or to a refusal of this page's protocol version).
 */

/** A hundred walls told of a deploy at once reload spread over this much (ms), not all together. */
export const RELOAD_SPREAD_MS = 30_000;
/** A screen reloads at most once per this long (ms) for the same target: no loop when a reload does not help. */
export const RELOAD_AT_MOST_EVERY_MS = 10 * 60_000;

/** A build as the page knows its own and as the server announces it: null build: none known (development, no client built). */
export interface BuildStamp {
  build: string | null;
  /** null: the server refused this page's version without saying its own. */
  protocol: number | null;
}

/** The last reload this tab made for a build change (kept in sessionStorage across the reload). */
export interface ReloadRecord {
  target: string;
  /** epoch ms */
  at: number;
}

export type ReloadDecision =
  /** Same build and protocol (or nothing to compare): stay. */
  | { kind: 'ignore' }
  /** Another build or protocol: reload after `delayMs`, recording `target` first. */
  | { kind: 'reload'; target: string; delayMs: number }
  /** Another build, but this tab reloaded for it less than RELOAD_AT_MOST_EVERY_MS ago (and still is not it): decide again at `until`. */
  | { kind: 'wait'; target: string; until: number };

/** The server's build and protocol as one key: what a reload was for. */
export function targetOf(server: BuildStamp): string {
  return `${server.build ?? '-'}/${server.protocol ?? '?'}`;
}

/**
 * The page runs `current`; the server announced `server`. Another protocol always counts; another
 * build only when both are known (no build file on the server, or a development page: nothing
 * reloads). `random` in [0, 1) spreads the reload over RELOAD_SPREAD_MS.
 */
export function decideReload(current: BuildStamp, server: BuildStamp, last: ReloadRecord | null, now: number, random: number): ReloadDecision {
  const otherProtocol = server.protocol === null || server.protocol !== current.protocol;
  const otherBuild = current.build !== null && server.build !== null && server.build !== current.build;
  if (!otherProtocol && !otherBuild) return { kind: 'ignore' };
  const target = targetOf(server);
  // A record from the future (the clock was set back) does not hold the screen for longer.
  if (last && last.target === target && last.at <= now && now - last.at < RELOAD_AT_MOST_EVERY_MS) {
    return { kind: 'wait', target, until: last.at + RELOAD_AT_MOST_EVERY_MS };
  }
  return { kind: 'reload', target, delayMs: Math.floor(Math.min(Math.max(random, 0), 1) * RELOAD_SPREAD_MS) };
}

/** Whole seconds from `now` until `at` (epoch ms), never negative: a countdown's figure. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** A stored record, or null for anything else (nothing stored, or not one of ours). */
export function parseReloadRecord(stored: string | null): ReloadRecord | null {
  if (stored === null) return null;
  try {
    const value: unknown = JSON.parse(stored);
    if (typeof value !== 'object' || value === null) return null;
    const { target, at } = value as Record<string, unknown>;
    return typeof target === 'string' && typeof at === 'number' && Number.isFinite(at) ? { target, at } : null;
  } catch {
    return null;
  }
}

/** While a reload is held for an edit in progress, the page looks again this often (ms). */
export const EDIT_RECHECK_MS = 3_000;

/** A form field of the page as the hold rule sees it: the focused element, and every field marked as a draft. */
export interface FieldState {
  /** Lower-case tag name: `textarea`, `input`, `select`, ... */
  tag: string;
  /** An input's type (`text`, `checkbox`, ...); null for other elements. */
  type: string | null;
  /** The element has focus. */
  focused: boolean;
  /** It holds text the person has typed and not yet sent (`data-draft` on a field that is not empty). */
  unsent: boolean;
  /** It takes typing: contenteditable, or not disabled and not read-only. */
  editable: boolean;
}

/** Input types a person types into; a focused button, checkbox or range is not an edit in progress. */
const TYPED_INPUTS = new Set(['text', 'search', 'email', 'number', 'tel', 'url', 'password', 'date', 'datetime-local', 'month', 'time', 'week']);

/** Whether a field is one a person types into (a textarea, a text-like input, contenteditable). */
export function takesTyping(field: Pick<FieldState, 'tag' | 'type' | 'editable'>): boolean {
  if (!field.editable) return false;
  if (field.tag === 'textarea') return true;
  if (field.tag === 'input') return TYPED_INPUTS.has(field.type ?? 'text');
  // contenteditable reads as editable on any other tag.
  return field.tag !== 'select' && field.tag !== 'button';
}

/**
 * Whether a reload that is due waits: while a typing field has focus, or any draft field holds
 * text not yet sent (typed, then the person clicked elsewhere). Sending an action clears its
 * draft; a field left empty and blurred lets the reload go. A page with no such fields (the
 * wall) never waits.
 */
export function editInProgress(fields: readonly FieldState[]): boolean {
  return fields.some((f) => (f.focused && takesTyping(f)) || (f.unsent && f.editable));
}

import { useEffect, useState } from 'react';
import { PROTOCOL_VERSION, type Hello } from '../../../shared/src/live/events.js';
import type { LiveSocket } from '../../../shared/src/live/socketFeed.js';
import { decideReload, editInProgress, EDIT_RECHECK_MS, parseReloadRecord, type BuildStamp, type FieldState, type ReloadRecord } from './buildReload.js';

/** Stamped by `vite build` (client/vite/buildIdentity.ts); null under `vite serve`, absent in unit tests. */
declare const __BUILD_ID__: string | null | undefined;

/** What this page runs: its build id (null in development) and the protocol it speaks. */
export const PAGE_BUILD: BuildStamp = { build: typeof __BUILD_ID__ === 'string' ? __BUILD_ID__ : null, protocol: PROTOCOL_VERSION };

/** sessionStorage: per tab, and it outlives the reload (the loop guard's memory). */
const RECORD_KEY = 'cityops.buildReload';

function lastReload(): ReloadRecord | null {
  try {
    return parseReloadRecord(sessionStorage.getItem(RECORD_KEY));
  } catch {
    return null;
  }
}

/** False when it cannot be kept: then the page does not reload, as nothing would stop a loop. */
function remember(record: ReloadRecord): boolean {
  try {
    sessionStorage.setItem(RECORD_KEY, JSON.stringify(record));
    return true;
  } catch (err) {
    console.warn('the server runs another build, but this page cannot remember reloading (sessionStorage): not reloading', err);
    return false;
  }
}

/** A reload this page is waiting for, to say so on the screen. */
export interface PendingReload {
  /** When it happens, epoch ms. */
  at: number;
  /** The page already reloaded for this build minutes ago and still is not it (a cache, a node of a rolling deploy): it tries again at `at`. */
  retry: boolean;
  /** Due, but held while the person edits a field (editInProgress): it happens once they are done. */
  held: boolean;
}

/** The focused element and every field marked `data-draft` (a form's unsent text), as editInProgress reads them. */
function fieldsNow(): FieldState[] {
  const seen = new Set<Element>(document.querySelectorAll('[data-draft]'));
  if (document.activeElement && document.activeElement !== document.body) seen.add(document.activeElement);
  return [...seen].map((el) => {
    const field = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
    const value = field ? field.value : (el.textContent ?? '');
    return {
      tag: el.tagName.toLowerCase(),
      type: el instanceof HTMLInputElement ? el.type : null,
      focused: el === document.activeElement,
      unsent: el.hasAttribute('data-draft') && value.trim() !== '',
      editable: el instanceof HTMLElement && (el.isContentEditable || (field !== null && !field.disabled && !field.readOnly)),
    };
  });
}

/**
 * Reloads the page, keeping its URL, when the server on `socket` announces another client build or
 * protocol (`live:hello`), or refuses this page's protocol version (`versionRefused`): after a
 * random 0–30 s, and at most once per 10 minutes for the same server build (decideReload). A due
 * reload waits while the person is typing (a focused text field, or a draft not yet sent: the
 * desk's action forms), looking again every EDIT_RECHECK_MS, so nothing half-written is lost. The
 * URL no longer holds a wall's device token by then (the server swapped it for the session cookie
 * and redirected), and the cookie outlives the reload, so the screen stays signed in.
 * One place for every screen: useAreaFeed calls it for the connection it opens.
 */
export function useBuildReload(socket: LiveSocket | null, versionRefused: boolean): PendingReload | null {
  const [hello, setHello] = useState<Hello | null>(null);
  const [pending, setPending] = useState<PendingReload | null>(null);

  useEffect(() => {
    if (!socket) return;
    // Every (re)connect says it again: a deploy restarts the server, the socket reconnects and hears the new build.
    const onHello = (h: Hello) => setHello(h);
    socket.on('live:hello', onHello);
    return () => {
      socket.off('live:hello', onHello);
    };
  }, [socket]);

  // A refused version holds for the page's lifetime: the refusal itself is cleared when the tour
  // moves on, and the countdown must not be restarted (or dropped) with every stop.
  const [refused, setRefused] = useState(false);
  if (versionRefused && !refused) setRefused(true);

  const heard = hello !== null || refused;
  const build = hello?.build ?? null;
  const protocol = refused ? null : (hello?.protocol ?? null);
  useEffect(() => {
    if (!heard) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const decide = () => {
      const now = Date.now();
      const decision = decideReload(PAGE_BUILD, { build, protocol }, lastReload(), now, Math.random());
      // For whoever inspects a screen (and the upgrade test): what it made of the server's build, beside <html data-build>.
      document.documentElement.dataset.update = decision.kind;
      switch (decision.kind) {
        case 'ignore':
          setPending(null);
          return;
        case 'wait':
          setPending({ at: decision.until, retry: true, held: false });
          timer = setTimeout(decide, decision.until - now);
          return;
        case 'reload': {
          const at = now + decision.delayMs;
          setPending({ at, retry: false, held: false });
          const due = () => {
            if (editInProgress(fieldsNow())) {
              document.documentElement.dataset.update = 'held';
              setPending({ at, retry: false, held: true });
              timer = setTimeout(due, EDIT_RECHECK_MS);
            } else if (remember({ target: decision.target, at: Date.now() })) location.reload();
            else setPending(null);
          };
          timer = setTimeout(due, decision.delayMs);
        }
      }
    };
    decide();
    return () => clearTimeout(timer);
  }, [heard, build, protocol]);

  return pending;
}

/**
 * A change to who may do what, as the auth service announces it: an account's role, scope or
 * disabled flag changed (its credentials may all be affected), or one session or device credential
 * was revoked (signed out). The ids are opaque (an account id, a session's token hash), plain JSON.
 */
export type AuthChange = { kind: 'account'; accountId: string } | { kind: 'session'; sessionId: string };

/**
 * Carries auth changes from the auth service to those holding long-lived connections (the live
 * stream), which check their sockets again at once. In one process that is a direct call
 * (LocalAuthEvents). With several server processes, an implementation of this interface hands each
 * change to every node as well (e.g. `io.serverSideEmit('auth:changed', change)` over the Redis
 * adapter, delivering to the local listeners on receipt), so a socket is cut wherever it is held.
 */
export interface AuthEvents {
  publish(change: AuthChange): void;
  /** Returns the unsubscribe. */
  subscribe(listener: (change: AuthChange) => void): () => void;
}

/** Auth changes within this process. */
export class LocalAuthEvents implements AuthEvents {
  private readonly listeners = new Set<(change: AuthChange) => void>();

  publish(change: AuthChange): void {
    for (const listener of this.listeners) listener(change);
  }

  subscribe(listener: (change: AuthChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}

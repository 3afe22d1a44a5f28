import type { Principal } from '../../../shared/src/access/principal.js';
import type { AuthChange } from '../auth/authEvents.js';
import type { AuthService, Session } from '../auth/authService.js';
import type { Clock } from '../cases/caseIngest.js';
import type { LiveHub, LiveSocket, Scheduler } from './liveHub.js';

/** How often open sockets are checked for a session that has expired meanwhile (no query: its end is known). */
export const EXPIRY_CHECK_MS = 5_000;

interface Admitted {
  sessionId: string;
  principal: Principal;
  expiresAt: number | null;
}

/**
 * Keeps open sockets to what their credential allows now. Each socket is admitted with the
 * session (or wall device token) it signed in with; when the auth service announces a change of
 * that account or session, the socket's credential is read again: if it no longer holds (signed
 * out, revoked, account disabled) the socket is ended with the reason, else the hub narrows it to
 * the account's current area and rights. A session that expires ends its sockets within
 * EXPIRY_CHECK_MS.
 */
export class LiveAccess {
  private readonly admitted = new Map<LiveSocket, Admitted>();
  private readonly stopListening: () => void;
  private stopExpiry: (() => void) | null = null;

  constructor(
    private readonly deps: { auth: AuthService; hub: LiveHub; clock: Clock; scheduler: Scheduler; onError?: (err: unknown) => void },
  ) {
    this.stopListening = deps.auth.events.subscribe((change) => this.changed(change));
  }

  start(): void {
    this.stopExpiry ??= this.deps.scheduler.every(EXPIRY_CHECK_MS, () => this.expire());
  }

  stop(): void {
    this.stopListening();
    this.stopExpiry?.();
    this.stopExpiry = null;
  }

  /** Called at the handshake with the credential the socket signed in with. */
  admit(socket: LiveSocket, session: Session): void {
    this.admitted.set(socket, { sessionId: session.id, principal: session.principal, expiresAt: session.expiresAt });
    socket.once('disconnect', () => this.admitted.delete(socket));
  }

  /** Who the socket acts for now (after any change since it connected). */
  principalOf(socket: LiveSocket): Principal | null {
    return this.admitted.get(socket)?.principal ?? null;
  }

  private changed(change: AuthChange): void {
    for (const [socket, a] of this.admitted) {
      const concerned = change.kind === 'account' ? a.principal.accountId === change.accountId : a.sessionId === change.sessionId;
      if (concerned) this.recheck(socket, a);
    }
  }

  private expire(): void {
    const now = this.deps.clock.now();
    for (const [socket, a] of this.admitted) if (a.expiresAt !== null && a.expiresAt <= now) this.recheck(socket, a);
  }

  private recheck(socket: LiveSocket, admitted: Admitted): void {
    this.deps.auth.checkSession(admitted.sessionId).then(
      (checked) => {
        if (!socket.connected) return;
        if (!checked.ok) return this.deps.hub.end(socket, 'unauthorized', `${checked.reason}: this connection is closed`);
        admitted.principal = checked.session.principal;
        admitted.expiresAt = checked.session.expiresAt;
        this.deps.hub.narrow(socket, checked.session.principal);
      },
      (err: unknown) => this.deps.onError?.(err),
    );
  }
}

import { LocalAuthEvents, type AuthChange, type AuthEvents } from '../auth/authEvents.js';
import type { LiveServer } from '../live/liveHub.js';

const isChange = (x: unknown): x is AuthChange => {
  const c = x as Partial<Record<string, unknown>> | null;
  return typeof c === 'object' && c !== null && ((c.kind === 'account' && typeof c.accountId === 'string') || (c.kind === 'session' && typeof c.sessionId === 'string'));
};

/**
 * Auth changes for every node: heard here at once, and handed to the other server processes
 * through the Socket.IO adapter (serverSideEmit over Redis), whose listeners check their own
 * sockets of that account or session. Until `attach`, changes stay within this process.
 */
export class ClusterAuthEvents implements AuthEvents {
  private readonly local = new LocalAuthEvents();
  private io: LiveServer | null = null;

  /** Joins the Socket.IO server (with its Redis adapter): changes from other nodes arrive from now on. */
  attach(io: LiveServer, onError: (error: Error) => void): void {
    this.io = io;
    io.on('auth:changed', (change: unknown) => {
      if (isChange(change)) this.local.publish(change);
      else onError(new Error(`auth:changed from another node is not an auth change: ${JSON.stringify(change).slice(0, 200)}`));
    });
  }

  publish(change: AuthChange): void {
    this.local.publish(change);
    this.io?.serverSideEmit('auth:changed', change);
  }

  subscribe(listener: (change: AuthChange) => void): () => void {
    return this.local.subscribe(listener);
  }
}

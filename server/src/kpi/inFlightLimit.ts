import type { Request, RequestHandler, Response } from 'express';
import { principalOf } from '../auth/authMiddleware.js';
import { HttpError } from '../http/errors.js';

/**
 * At most `max` requests of a kind running at once per account; one more is answered 429 at once
 * instead of queueing more work behind the others, so one account (a script, a stuck tab) cannot
 * fill the read threads for everyone. A slot is held until the handler's work ends, whatever the
 * client does meanwhile: a request abandoned by its client still costs its query. Memory: one
 * counter per account with requests running.
 */
export class InFlightLimit {
  private readonly running = new Map<string, number>();

  /** `what`: the requests it counts, for the 429's message. */
  constructor(
    readonly max: number,
    private readonly what: string,
  ) {}

  /** Requests of this account running now. */
  inFlight(accountId: string): number {
    return this.running.get(accountId) ?? 0;
  }

  /** `handler`, run within the signed-in account's limit. */
  guard(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
    return async (req, res) => {
      const account = principalOf(req).accountId;
      const n = this.inFlight(account);
      if (n >= this.max) {
        res.set('Retry-After', '1');
        throw new HttpError(429, `too many requests at once: an account may have at most ${this.max} of ${this.what} running; wait for an answer before asking again`);
      }
      this.running.set(account, n + 1);
      try {
        await handler(req, res);
      } finally {
        const left = this.inFlight(account) - 1;
        if (left > 0) this.running.set(account, left);
        else this.running.delete(account);
      }
    };
  }
}

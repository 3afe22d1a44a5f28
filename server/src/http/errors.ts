import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ApiError } from '../../../shared/src/api/areas.js';

/** An error with the HTTP status and message a client can act on. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly detail?: { state?: string; allowed?: string[] },
  ) {
    super(message);
  }
}

/** Parses with a schema, or throws a 400 naming the first bad field. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new HttpError(400, field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message, field);
}

export const notFound: RequestHandler = (req, _res, next) => next(new HttpError(404, `no such endpoint: ${req.method} ${req.path}`));

/**
 * The JSON error answer. `onRefused` hears every 401 and 403 (the audit log records refused
 * access: forged or expired credentials, requests outside one's area, missing rights).
 */
export function errorHandler(logger: Logger, onRefused?: (req: Request, status: 401 | 403, message: string) => void): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let status = 500;
    let message = 'internal error';
    let field: string | undefined;
    let detail: HttpError['detail'];
    if (err instanceof HttpError) {
      ({ status, message, field, detail } = err);
    } else if (typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' && err.status < 500) {
      // body-parser and friends: 400 bad JSON, 413 too large, 415 ...
      status = err.status;
      message = err instanceof Error ? err.message : String(err);
    } else {
      logger.error({ err, path: req.path }, 'unhandled error');
    }
    if ((status === 401 || status === 403) && onRefused) {
      try {
        onRefused(req, status, message);
      } catch (auditError) {
        logger.error({ err: auditError }, 'auditing a refusal failed');
      }
    }
    const body: ApiError = { error: { status, message, ...(field ? { field } : {}), ...detail } };
    res.status(status).json(body);
  };
}

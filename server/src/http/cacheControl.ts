import type { RequestHandler } from 'express';

/**
 * Every API and Open311 answer carries cases, personal data or areas cut to the caller (errors
 * too name areas): no browser, proxy or disk cache may keep one. Geometry replaces this with
 * ETag revalidation (`sendPrepared`).
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

/** A JSON body compressed once, with an ETag, ready to be sent many times. */
export interface PreparedBody {
  raw: Buffer;
  gzip: Buffer;
  etag: string;
}

export function prepareBody(raw: Buffer): PreparedBody {
  return { raw, gzip: gzipSync(raw, { level: 9 }), etag: `"${createHash('sha1').update(raw).digest('base64url')}"` };
}

/**
 * Sends a prepared JSON body: gzipped where the client accepts it, 304 where it already holds this
 * version. `private`: the bodies served this way are cut to the caller's area, so a shared cache
 * must not hand one account's to another; `no-cache`: the browser asks every time (a 304 costs
 * nothing), so after another account signs in on the same browser it gets that account's cut.
 */
export function sendPrepared(req: Request, res: Response, body: PreparedBody): void {
  res.setHeader('ETag', body.etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Vary', 'Accept-Encoding');
  res.type('application/json');
  if (req.headers['if-none-match'] === body.etag) {
    res.status(304).end();
    return;
  }
  const accepts = req.headers['accept-encoding'];
  if (accepts && /\bgzip\b/.test(accepts)) {
    res.setHeader('Content-Encoding', 'gzip');
    res.send(body.gzip);
  } else {
    res.send(body.raw);
  }
}

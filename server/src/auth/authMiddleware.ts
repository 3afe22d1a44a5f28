import type { IncomingMessage } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { Request, RequestHandler } from 'express';
import { can, type Capability, type Principal } from '../../../shared/src/access/principal.js';
import { HttpError } from '../http/errors.js';
import type { AuthService, TokenKind } from './authService.js';

/** The session cookie: a session token (person) or a wall's device token, HttpOnly, SameSite=Strict. */
export const SESSION_COOKIE = 'cityops_session';

const principals = new WeakMap<IncomingMessage, Principal>();

/** The caller, or a 401: every /api route but health and sign-in has one. */
export function principalOf(req: Request): Principal {
  const p = principals.get(req);
  if (!p) throw new HttpError(401, 'sign in first (POST /api/auth/login), or send a device token or API key', 'authorization');
  return p;
}

export function optionalPrincipal(req: IncomingMessage): Principal | undefined {
  return principals.get(req);
}

/** Where the credential came from: a cookie is ambient (CSRF applies), a header is not. */
export interface Credential {
  token: string;
  kinds: readonly TokenKind[];
  ambient: boolean;
}

/** Reads the credential of a request: Bearer header, X-Api-Key header, then the cookie. */
export function credentialOf(req: IncomingMessage): Credential | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), kinds: ['session', 'device', 'api_key'], ambient: false };
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string') return { token: apiKey.trim(), kinds: ['api_key'], ambient: false };
  const cookie = req.headers.cookie ? parseCookies(req.headers.cookie)[SESSION_COOKIE] : undefined;
  if (cookie) return { token: cookie, kinds: ['session', 'device'], ambient: true };
  return null;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Establishes the principal of a request. A request that carries a credential that does not
 * resolve is refused (401), never treated as anonymous. For cookie credentials, an unsafe method
 * must come from our own origin (Origin, else Referer, must match Host): with SameSite=Strict
 * cookies this is the CSRF defence (OWASP's origin verification).
 */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    const credential = credentialOf(req);
    if (!credential) return next();
    const principal = await auth.principalFor(credential.token, credential.kinds);
    if (!principal) return next(new HttpError(401, 'the session or token is not valid (expired, revoked or unknown): sign in again', 'authorization'));
    if (credential.ambient && !SAFE.has(req.method) && !sameOrigin(req)) {
      return next(new HttpError(403, 'cross-site request refused: the Origin of a cookie-authenticated change must be this server', 'origin'));
    }
    principals.set(req, principal);
    next();
  };
}

export function sameOrigin(req: IncomingMessage): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return false;
  try {
    return new URL(source).host === req.headers.host;
  } catch {
    return false;
  }
}

/** 401 without a principal, 403 without the capability. */
export function requireCapability(capability: Capability): RequestHandler {
  return (req, _res, next) => {
    const p = principalOf(req);
    if (!can(p, capability)) return next(new HttpError(403, `a ${p.kind === 'person' ? p.role : p.kind} account may not ${capability}`, 'authorization'));
    next();
  };
}

/** The client's address: express's req.ip (honours TRUST_PROXY) where there is one, else the socket's. */
export function clientIp(req: IncomingMessage): string | null {
  return (req as { ip?: string }).ip ?? req.socket.remoteAddress ?? null;
}

import type { IncomingMessage } from 'node:http';
import { parse as parseCookies, serialize } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import { accountLabel, can, type Capability, type Principal } from '../../../shared/src/access/principal.js';
import { HttpError } from '../http/errors.js';
import type { AuthService, TokenKind } from './authService.js';

/** The session cookie: a session token (person) or a wall's device token, HttpOnly, SameSite=Strict. */
export const SESSION_COOKIE = 'cityops_session';

const principals = new WeakMap<IncomingMessage, Principal>();
/** Requests whose credential stands for nobody (expired, revoked or unknown). */
const refusedCredentials = new WeakSet<IncomingMessage>();

/** The caller, or a 401: every /api route but health, sign-in and sign-out has one. */
export function principalOf(req: Request): Principal {
  const p = principals.get(req);
  if (p) return p;
  if (refusedCredentials.has(req)) throw new HttpError(401, 'the session or token is not valid (expired, revoked or unknown): sign in again', 'authorization');
  throw new HttpError(401, 'sign in first (POST /api/auth/login), or send a device token or API key', 'authorization');
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure over https; `maxAgeS` 0 expires it. */
export function setSessionCookie(req: Request, res: Response, token: string, maxAgeS: number): void {
  res.setHeader('Set-Cookie', serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure, maxAge: maxAgeS }));
}

/**
 * The principal a credential stands for, or null. A session cookie that stands for nobody is
 * cleared (the page cannot: it is HttpOnly), so a browser never stays stuck with it.
 */
export async function resolveCredential(auth: AuthService, credential: Credential, req: Request, res: Response): Promise<Principal | null> {
  const principal = await auth.principalFor(credential.token, credential.kinds);
  if (!principal && credential.ambient) setSessionCookie(req, res, '', 0);
  return principal;
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
 * The CSRF rule, one for every route and the live socket: a change (any method but GET, HEAD,
 * OPTIONS) or a socket made with the session cookie, which the browser sends whoever made the
 * page, must come from this server's own origin (Origin, else Referer, must match Host: OWASP's
 * origin verification, behind SameSite=Strict). Header credentials are not ambient: no check.
 * Returns the refusal, or null.
 */
export function crossSiteRefusal(req: IncomingMessage, credential: Credential, opensSocket = false): string | null {
  if (!credential.ambient || (!opensSocket && SAFE.has(req.method ?? 'GET')) || sameOrigin(req)) return null;
  return `cross-site ${opensSocket ? 'socket' : 'request'} refused: a change or socket made with the session cookie must come from this server's own origin (Origin or Referer)`;
}

/**
 * Establishes the principal of a request. A credential that stands for nobody is never treated
 * as anonymous: every route that needs a caller refuses it (401, see principalOf); sign-in and
 * sign-out need none, so a stale cookie never stands in their way. A refused cookie is cleared.
 */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    const credential = credentialOf(req);
    if (!credential) return next();
    const principal = await resolveCredential(auth, credential, req, res);
    if (!principal) {
      refusedCredentials.add(req);
      return next();
    }
    const crossSite = crossSiteRefusal(req, credential);
    if (crossSite) return next(new HttpError(403, crossSite, 'origin'));
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
    if (!can(p, capability)) return next(new HttpError(403, `${accountLabel(p)} may not ${capability}`, 'authorization'));
    next();
  };
}

/** The client's address: express's req.ip (honours TRUST_PROXY) where there is one, else the socket's. */
export function clientIp(req: IncomingMessage): string | null {
  return (req as { ip?: string }).ip ?? req.socket.remoteAddress ?? null;
}

import { serialize } from 'cookie';
import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { LoginRequest, NewAccount, NewDevice, can } from '../../../shared/src/access/principal.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import { SESSION_COOKIE, clientIp, credentialOf, principalOf, requireCapability } from './authMiddleware.js';
import { SESSION_MS, type AuthService } from './authService.js';

/** Sign-in attempts per address per minute, whatever the account (brute force across accounts). */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

function setSessionCookie(req: Request, res: Response, token: string, maxAgeS: number): void {
  res.setHeader('Set-Cookie', serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure, maxAge: maxAgeS }));
}

const AccountChange = z
  .strictObject({
    role: NewAccount.shape.role.optional(),
    scope: NewAccount.shape.scope.optional(),
    disabled: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .refine((c) => c.role !== undefined || c.scope !== undefined || c.disabled !== undefined, { error: 'give a role, a scope or disabled' });

const AuditQuery = z.strictObject({
  from: z.iso.datetime({ offset: true, error: 'from must be an ISO 8601 time with zone' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'to must be an ISO 8601 time with zone' }).optional(),
  action: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function authRoutes(deps: { auth: AuthService; model: CityModel }): Router {
  const router = Router();
  const { auth } = deps;
  const loginLimit = rateLimit({
    windowMs: 60_000,
    limit: LOGIN_ATTEMPTS_PER_MINUTE,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      const username = typeof (req.body as { username?: unknown } | undefined)?.username === 'string' ? String((req.body as { username: string }).username).slice(0, 64) : null;
      void auth.audit(null, clientIp(req), { action: 'sign-in', outcome: 'refused', target: username, detail: { reason: 'rate limit' } }).catch(() => undefined);
      res.status(429).json({ error: { status: 429, message: `too many sign-in attempts from this address: at most ${LOGIN_ATTEMPTS_PER_MINUTE} a minute`, field: 'username' } });
    },
  });

  router.post('/auth/login', loginLimit, async (req, res) => {
    const { username, password } = parseOr400(LoginRequest, req.body);
    const result = await auth.login(username, password, clientIp(req));
    if (!result.ok) {
      if (result.reason === 'locked') throw new HttpError(423, `the account is locked after repeated failures until ${new Date(result.lockedUntil!).toISOString()}`, 'username');
      throw new HttpError(401, 'wrong user name or password', 'password');
    }
    setSessionCookie(req, res, result.token, SESSION_MS / 1000);
    res.json({ principal: result.principal, expiresAt: new Date(result.expiresAt).toISOString() });
  });

  router.post('/auth/logout', async (req, res) => {
    const principal = principalOf(req);
    const credential = credentialOf(req);
    if (credential) await auth.logout(credential.token, principal, clientIp(req));
    setSessionCookie(req, res, '', 0);
    res.status(204).end();
  });

  router.get('/auth/me', (req, res) => {
    res.json({ principal: principalOf(req) });
  });

  router.get('/accounts', requireCapability('administer'), async (req, res) => {
    res.json({ accounts: await auth.accountsWithin(principalOf(req).scope) });
  });

  router.post('/accounts', requireCapability('administer'), async (req, res) => {
    const input = parseOr400(NewAccount, req.body);
    const principal = await auth.createAccount({ ...input, kind: 'person' }, principalOf(req), clientIp(req));
    res.status(201).json({ account: principal });
  });

  router.patch('/accounts/:username', requireCapability('administer'), async (req, res) => {
    const change = parseOr400(AccountChange, req.body);
    const account = await auth.updateAccount(String(req.params.username), change, principalOf(req), clientIp(req));
    res.json({ account });
  });

  // A wall display or a machine source: the token is shown once, here.
  router.post('/devices', requireCapability('administer'), async (req, res) => {
    const input = parseOr400(NewDevice, req.body);
    const { token, principal } = await auth.createDevice(input, principalOf(req), clientIp(req));
    res.status(201).json({ account: principal, token, ...(input.kind === 'display' ? { wallUrl: `/wall?device=${token}` } : { header: `X-Api-Key: ${token}` }) });
  });

  router.get('/audit', async (req, res) => {
    const principal = principalOf(req);
    if (!can(principal, 'audit')) throw new HttpError(403, `a ${principal.role} account may not read the audit log`, 'authorization');
    const q = parseOr400(AuditQuery, req.query);
    const entries = await auth.auditLog(principal.scope, { ...(q.from ? { from: Date.parse(q.from) } : {}), ...(q.to ? { to: Date.parse(q.to) } : {}), ...(q.action ? { action: q.action } : {}), limit: q.limit });
    res.json({ scope: principal.scope, entries });
  });

  return router;
}

/**
 * GET /wall?device=<token>: a wall signs in with its display token once, without anyone typing a
 * password; the token becomes its session cookie and the URL loses it (not left in history or
 * screenshots). The wall then shows the display's area unless the URL names one inside it.
 */
export function deviceSignIn(auth: AuthService): Router {
  const router = Router();
  router.get(['/', '/wall'], async (req, res, next) => {
    const token = typeof req.query.device === 'string' ? req.query.device : undefined;
    if (!token) return next();
    const principal = await auth.principalFor(token, ['device']);
    if (!principal) throw new HttpError(401, 'this wall device token is not valid (revoked or unknown): ask an administrator for a new one', 'device');
    setSessionCookie(req, res, token, 400 * 86_400);
    await auth.audit(principal, clientIp(req), { action: 'sign-in', outcome: 'ok', target: principal.username, detail: { via: 'device token' } });
    const query = new URLSearchParams(req.query as Record<string, string>);
    query.delete('device');
    if (!query.has('area')) query.set('area', principal.scope);
    res.redirect(302, `${req.path}?${query.toString()}`);
  });
  return router;
}

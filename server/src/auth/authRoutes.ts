import express, { Router, type Request, type Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { z } from 'zod';
import { LoginRequest, NewAccount, NewDevice, WorkerId, accountLabel, can, type Principal } from '../../../shared/src/access/principal.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import { deviceLinkPage } from '../static/signInPage.js';
import { clientIp, credentialOf, crossSiteRefusal, optionalPrincipal, principalOf, requireCapability, resolveCredential, setSessionCookie } from './authMiddleware.js';
import { SESSION_MS, type AuthService } from './authService.js';

/** Sign-in attempts per address per minute, whatever the account (brute force across accounts). */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

const AccountChange = z
  .strictObject({
    role: NewAccount.shape.role.optional(),
    scope: NewAccount.shape.scope.optional(),
    disabled: z.boolean({ error: 'must be true or false' }).optional(),
    /** The roster worker the account stands for; null unlinks it. */
    workerId: WorkerId.nullable().optional(),
  })
  .refine((c) => c.role !== undefined || c.scope !== undefined || c.disabled !== undefined || c.workerId !== undefined, { error: 'give a role, a scope, disabled or workerId' });

const AuditQuery = z.strictObject({
  from: z.iso.datetime({ offset: true, error: 'from must be an ISO 8601 time with zone' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'to must be an ISO 8601 time with zone' }).optional(),
  action: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** `signInStore`: where the attempts per address are counted (Redis with several nodes, so the limit holds across them); in this process when omitted. */
export function authRoutes(deps: { auth: AuthService; model: CityModel; signInStore?: Store }): Router {
  const router = Router();
  const { auth } = deps;
  const loginLimit = rateLimit({
    ...(deps.signInStore ? { store: deps.signInStore } : {}),
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

  // Signing out always ends with no session: a cookie already revoked or expired is cleared too.
  router.post('/auth/logout', async (req, res) => {
    const principal = optionalPrincipal(req);
    const credential = credentialOf(req);
    if (principal && principal.kind !== 'person') {
      // A wall or a source only reads or submits: its token is revoked by an administrator
      // (disabling its account), never by itself. The cookie still leaves this browser.
      if (credential?.ambient) setSessionCookie(req, res, '', 0);
      throw new HttpError(403, `a ${principal.kind} device does not sign out: an administrator disables it (PATCH /api/accounts/${principal.username})`, 'authorization');
    }
    if (principal && credential) await auth.logout(credential.token, principal, clientIp(req));
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
    if (!can(principal, 'audit')) throw new HttpError(403, `${accountLabel(principal)} may not read the audit log`, 'authorization');
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
 *
 * A person's session is never replaced by a link (someone else's device link would sign them in
 * as that wall: login CSRF). Where a person is signed in, the link answers a page that keeps
 * them signed in (open the wall as themselves), or lets them sign out and make the browser the
 * wall by their own click (a POST from that page, held to the CSRF rule); the refusal is
 * audited. Another wall's cookie, or one that stands for nobody, is simply replaced.
 */
export function deviceSignIn(auth: AuthService): Router {
  const router = Router();
  const deviceFor = async (token: string): Promise<Principal> => {
    const device = await auth.principalFor(token, ['device']);
    if (!device) throw new HttpError(401, 'this wall device token is not valid (revoked or unknown): ask an administrator for a new one', 'device');
    return device;
  };
  /** The link's address without the token; on `area` unless the link names one. */
  const wallPath = (req: Request, area?: string): string => {
    const query = new URLSearchParams(req.query as Record<string, string>);
    query.delete('device');
    if (area && !query.has('area')) query.set('area', area);
    return query.size > 0 ? `${req.path}?${query.toString()}` : req.path;
  };
  const signInAsWall = async (req: Request, res: Response, token: string, device: Principal): Promise<void> => {
    setSessionCookie(req, res, token, 400 * 86_400);
    await auth.audit(device, clientIp(req), { action: 'sign-in', outcome: 'ok', target: device.username, detail: { via: 'device token' } });
    // 302 after the link, 303 after the page's POST: either way the browser GETs the wall.
    res.redirect(req.method === 'POST' ? 303 : 302, wallPath(req, device.scope));
  };

  router.get(['/', '/wall'], async (req, res, next) => {
    const token = typeof req.query.device === 'string' ? req.query.device : undefined;
    if (!token) return next();
    const device = await deviceFor(token);
    const present = credentialOf(req);
    const signedIn = present ? await resolveCredential(auth, present, req, res) : null;
    if (signedIn?.kind !== 'person') return signInAsWall(req, res, token, device);
    await auth.audit(signedIn, clientIp(req), { action: 'sign-in', outcome: 'refused', target: device.username, area: device.scope, detail: { via: 'device token', reason: 'a person is signed in in this browser' } });
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(deviceLinkPage({ person: signedIn, device, token, stay: wallPath(req, signedIn.scope), switchTo: wallPath(req) }));
  });

  // "Sign out and make this browser the wall", from the page above.
  router.post(['/', '/wall'], express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const token = (req.body as { device?: unknown } | undefined)?.device;
    if (typeof token !== 'string') throw new HttpError(400, 'device: the display token is required', 'device');
    const device = await deviceFor(token);
    const present = credentialOf(req);
    if (present) {
      const crossSite = crossSiteRefusal(req, present);
      if (crossSite) throw new HttpError(403, crossSite, 'origin');
      // Only a person's session ends here: a device's token (another wall's, a source's key) is
      // revoked by an administrator, never by the page that replaces it in this browser.
      const signedIn = await auth.principalFor(present.token, present.kinds);
      if (signedIn?.kind === 'person') await auth.logout(present.token, signedIn, clientIp(req));
    }
    await signInAsWall(req, res, token, device);
  });
  return router;
}

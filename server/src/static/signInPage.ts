import { Router } from 'express';
import type { Principal } from '../../../shared/src/access/principal.js';
import { ROLE_NAMES } from '../../../shared/src/access/roles.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { credentialOf, resolveCredential } from '../auth/authMiddleware.js';
import { LOCK_MS, MAX_FAILED_LOGINS, type AuthService } from '../auth/authService.js';
import { SCREEN_PATHS } from './screenPaths.js';

/**
 * The sign-in page for people (leaders on tablets, analysts, operators): plain HTML and one
 * script file from this server, so it runs under the strict Content-Security-Policy and needs no
 * client build. A wall signs in with its device link instead; one that opens /login is told so.
 */
const page = (title: string, body: string): string => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 郑州市城市运行一屏观全域</title>
<link rel="stylesheet" href="/sign-in.css">
</head>
<body>
<main>
<h1>郑州市城市运行一屏观全域</h1>
${body}
</main>
<script src="/sign-in.js"></script>
</body>
</html>
`;

const SIGN_IN_FORM = `<p class="sub">City operations wall · sign in</p>
<form id="sign-in" novalidate>
<label>用户名 User name<input name="username" autocomplete="username" required maxlength="64" autofocus></label>
<label>密码 Password<input name="password" type="password" autocomplete="current-password" required maxlength="256"></label>
<button type="submit">登录 Sign in</button>
<p id="message" role="alert"></p>
</form>
<p class="hint">大屏请用管理员发放的设备链接打开（/wall?device=…），无需密码。<br>Walls open their device link instead.</p>`;

/**
 * The page for a browser that is signed in already: who, and for a person 退出登录. A wall display
 * has nothing to sign out (it would revoke the wall's own link), so it only says so.
 */
function signedInBody(principal: Principal, model: CityModel): string {
  const wall = `/wall?area=${encodeURIComponent(principal.scope)}`;
  const area = escapeHtml(model.node(principal.scope)?.name ?? principal.scope);
  if (principal.kind !== 'person') {
    return `<p class="sub" data-testid="signed-in">此浏览器是大屏设备「${escapeHtml(principal.name)}」（${area}），无需登录。<br>This browser is a wall display: there is nothing to sign in or out.</p>
<a class="button" href="${escapeHtml(wall)}">打开大屏 Open the wall</a>`;
  }
  return `<p class="sub">City operations wall · signed in</p>
<p class="who" data-testid="signed-in">已登录：${escapeHtml(`${principal.name}（${principal.username}）`)}<br>${escapeHtml(ROLE_NAMES[principal.role])} · ${area}</p>
<a class="button" href="/desk?area=${escapeHtml(encodeURIComponent(principal.scope))}" data-testid="open-desk">打开研判处置工作台 Open the desk</a>
<a class="button secondary" href="${escapeHtml(wall)}">打开大屏 Open the wall</a>
<form id="sign-out" class="switch"><button type="submit">退出登录 Sign out</button></form>
<p id="message" role="alert"></p>`;
}

/**
 * Why a sign-in failed, by the answer's status, in the page's language (the API's own messages
 * are English, for developers): one sentence a person can act on.
 */
const SIGN_IN_ERRORS: Readonly<Record<string, string>> = {
  400: '请输入用户名和密码',
  401: '用户名或密码错误',
  423: `连续 ${MAX_FAILED_LOGINS} 次密码错误，账号已暂时锁定，请 ${LOCK_MS / 60_000} 分钟后再试`,
  429: '本机登录尝试过于频繁，请一分钟后再试',
  network: '无法连接服务器，请检查网络后重试',
  other: '服务器出错（HTTP {status}），请稍后再试',
};

const SCRIPT = `'use strict';
(function () {
  var ERRORS = ${JSON.stringify(SIGN_IN_ERRORS)};
  var form = document.getElementById('sign-in');
  var signOut = document.getElementById('sign-out');
  var message = document.getElementById('message');
  var params = new URLSearchParams(location.search);
  // Only a path of this server: never an open redirect.
  var next = params.get('next');
  if (!next || next.charAt(0) !== '/' || next.charAt(1) === '/') next = null;
  var reason = function (status) {
    return ERRORS[status] || ERRORS.other.replace('{status}', status);
  };
  if (form) form.addEventListener('submit', function (event) {
    event.preventDefault();
    message.textContent = '';
    var body = { username: form.username.value.trim(), password: form.password.value };
    fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new Error(reason(res.status));
        return res.json().then(function (answer) {
          // Without a link to go back to: the desk, or for a commander on a tablet-sized touch
          // screen the leaders' screen. Either opens on the account's own area unless the link named one.
          var tablet = window.innerWidth <= 1366 && navigator.maxTouchPoints > 0;
          var home = answer.principal.role === 'commander' && tablet ? '/lead' : '/desk';
          var target = new URL(next || home, location.origin);
          if (!target.searchParams.has('area')) target.searchParams.set('area', answer.principal.scope);
          location.assign(target.pathname + target.search);
        });
      }, function () {
        throw new Error(ERRORS.network);
      })
      .catch(function (error) {
        message.textContent = '登录失败：' + error.message;
        form.password.value = '';
        form.password.focus();
      });
  });
  if (signOut) signOut.addEventListener('submit', function (event) {
    event.preventDefault();
    fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new Error(reason(res.status));
        location.assign('/login');
      }, function () {
        throw new Error(ERRORS.network);
      })
      .catch(function (error) {
        message.textContent = '退出失败：' + error.message;
      });
  });
})();
`;

const STYLE = `body{margin:0;min-height:100vh;display:grid;place-items:center;background:#06111f;color:#d8e6f5;font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif}
main{width:min(420px,90vw)}h1{font-size:22px;margin:0 0 4px}.sub{margin:0 0 24px;color:#7f98b5}
label{display:block;margin:0 0 16px;font-size:14px;color:#a9c1dc}input{display:block;width:100%;box-sizing:border-box;margin-top:6px;padding:10px 12px;font-size:16px;border:1px solid #24405f;border-radius:4px;background:#0b1c31;color:#e8f1fb}
button,a.button{display:block;box-sizing:border-box;width:100%;padding:12px;font-size:16px;border:0;border-radius:4px;background:#1f7ae0;color:#fff;cursor:pointer;text-align:center;text-decoration:none}#message{min-height:1.4em;color:#ff8a80}.hint{font-size:12px;color:#6f88a5;line-height:1.6}
a.button.secondary{margin-top:12px;background:#24405f}form.switch{margin-top:16px}form.switch button{background:#24405f}.who{margin:0 0 24px;font-size:16px;line-height:1.6}
`;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A wall's device link opened where a person is signed in: the link does not replace their
 * session. They open the wall as themselves (`stay`), or sign out and make this browser the
 * wall by posting the token from this page (`switchTo`, held to the CSRF rule). No script.
 */
export function deviceLinkPage(p: { person: Principal; device: Principal; token: string; stay: string; switchTo: string }): string {
  const person = escapeHtml(`${p.person.name}（${p.person.username}）`);
  const device = escapeHtml(p.device.name);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>设备链接 · 郑州市城市运行一屏观全域</title>
<link rel="stylesheet" href="/sign-in.css">
</head>
<body>
<main>
<h1>郑州市城市运行一屏观全域</h1>
<p class="sub">此浏览器已由 ${person} 登录，大屏设备链接「${device}」不会替换个人登录。<br>${person} is signed in here: the wall's device link does not replace a person's sign-in.</p>
<a class="button" href="${escapeHtml(p.stay)}">保持登录，打开大屏 Stay signed in and open the wall</a>
<form class="switch" method="post" action="${escapeHtml(p.switchTo)}">
<input type="hidden" name="device" value="${escapeHtml(p.token)}">
<button type="submit">退出登录，将此浏览器设为大屏 Sign out and make this browser the wall</button>
</form>
</main>
</body>
</html>
`;
}

export function signInRoutes(auth: AuthService, model: CityModel): Router {
  const router = Router();
  router.get('/login', async (req, res) => {
    const credential = credentialOf(req);
    const principal = credential ? await resolveCredential(auth, credential, req, res) : null;
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(principal ? page('已登录', signedInBody(principal, model)) : page('登录', SIGN_IN_FORM));
  });
  router.get('/sign-in.js', (_req, res) => {
    res.type('application/javascript').send(SCRIPT);
  });
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  router.get('/sign-in.css', (_req, res) => {
    res.type('text/css').send(STYLE);
  });
  // A screen's page for someone without a session: to the sign-in page, and back afterwards
  // (a cookie that no longer stands for anyone is cleared on the way).
  router.get(SCREEN_PATHS, async (req, res, next) => {
    const credential = credentialOf(req);
    const principal = credential ? await resolveCredential(auth, credential, req, res) : null;
    if (principal) return next();
    res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  });
  return router;
}

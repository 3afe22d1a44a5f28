/* global self, caches, fetch, URL, Response */
/*
 * The leaders' tablet app shell (scope /lead). It keeps the page and the built static files
 * (/assets/..., /lead-manifest.webmanifest and its icons) so the tablet opens without the network and then says it
 * is offline. It never keeps an /api or /socket.io answer: those are personal, no-store, and go
 * to the network or fail.
 */
const CACHE = 'lead-shell-v1';
const SHELL = '/lead';
const STATIC = ['/lead-manifest.webmanifest', '/lead-icon-192.png', '/lead-icon-512.png'];

const cacheable = (url) => url.origin === self.location.origin && (url.pathname.startsWith('/assets/') || /^\/lead-[\w-]+\.(png|webmanifest)$/.test(url.pathname));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all([
          cache.addAll(STATIC),
          // The page itself, as the signed-in person gets it (a redirect to sign-in is not a shell).
          fetch(SHELL, { credentials: 'same-origin' })
            .then((res) => (res.ok && !res.redirected ? cache.put(SHELL, res) : undefined))
            .catch(() => undefined),
        ]),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('lead-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page names the built files it loaded (hashed, so each name is one content forever).
self.addEventListener('message', (event) => {
  const urls = Array.isArray(event.data && event.data.cache) ? event.data.cache : [];
  const wanted = urls.map((u) => new URL(u, self.location.origin)).filter(cacheable);
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        wanted.map((url) =>
          cache.match(url).then((hit) => hit || fetch(url).then((res) => (res.ok ? cache.put(url, res) : undefined)).catch(() => undefined)),
        ),
      ),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io')) return;
  if (request.mode === 'navigate' && (url.pathname === '/lead' || url.pathname.startsWith('/lead/'))) {
    // The page from the network when there is one (a sign-in redirect included); else the shell.
    event.respondWith(
      fetch(request)
        .then((res) => {
          if (res.ok && !res.redirected) {
            const copy = res.clone();
            caches.open(CACHE).then((cache) => cache.put(SHELL, copy));
          }
          return res;
        })
        .catch(() => caches.match(SHELL).then((hit) => hit || Response.error())),
    );
    return;
  }
  if (cacheable(url)) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return res;
          }),
      ),
    );
  }
});

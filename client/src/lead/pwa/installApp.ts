/**
 * Makes /lead installable on a tablet's home screen and able to open without the network: the web
 * app manifest and its icons (client/public/lead-*), and the app-shell service worker
 * (client/public/lead-sw.js, scope /lead). Only the leaders' screen calls this, so the wall's page
 * gets neither.
 */
export function installApp(): void {
  const head = document.head;
  const add = (tag: string, attrs: Record<string, string>) => {
    if (head.querySelector(`${tag}[${Object.entries(attrs)[0]![0]}="${Object.entries(attrs)[0]![1]}"]`)) return;
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    head.appendChild(el);
  };
  add('link', { rel: 'manifest', href: '/lead-manifest.webmanifest' });
  add('link', { rel: 'apple-touch-icon', href: '/lead-icon-192.png' });
  add('meta', { name: 'theme-color', content: '#081221' });
  add('meta', { name: 'apple-mobile-web-app-capable', content: 'yes' });
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/lead-sw.js', { scope: '/lead' }).then(
    () => void navigator.serviceWorker.ready.then(cacheLoadedFiles),
    (err: unknown) => console.warn('the offline app shell is unavailable:', err),
  );
}

/** Hands the service worker the built files this page loaded (scripts, styles, lazy chunks). */
function cacheLoadedFiles(registration: ServiceWorkerRegistration): void {
  const worker = registration.active ?? navigator.serviceWorker.controller;
  if (!worker) return;
  const urls = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((u) => u.startsWith(`${location.origin}/assets/`));
  worker.postMessage({ cache: urls });
}

/** The shipped nginx site (deploy/), relative to the repository's root. */
export const SHIPPED_SITE = 'deploy/nginx-city-wall.conf';

const UPSTREAM = /(upstream city_wall \{\n(?:[^\n]*\n)*?)((?: {4}server [^\n]+\n)+)/;
const LISTEN = /^ {4}listen 80;$/m;

/**
 * The shipped site with its own nodes and listening address: the upstream's `server` lines are
 * replaced by `nodes` (host:port), each with the shipped line's parameters (max_fails,
 * fail_timeout), and `listen 80` by `listen`. Everything else (WebSocket upgrade, ip_hash,
 * timeouts, retries) is the shipped text itself, so a test of it tests what is shipped; a change
 * that removes what this replaces fails here rather than passing unnoticed.
 */
export function siteFor(shipped: string, nodes: string[], listen: string): string {
  const upstream = UPSTREAM.exec(shipped);
  if (!upstream) throw new Error(`${SHIPPED_SITE}: no "upstream city_wall { ... server ...; }" block to fill in`);
  if (!LISTEN.test(shipped)) throw new Error(`${SHIPPED_SITE}: no "listen 80;" line to replace`);
  if (nodes.length === 0) throw new Error('at least one node');
  const parameters = /server \S+((?: [a-z_]+=\S+)*);/.exec(upstream[2]!)?.[1] ?? '';
  const servers = nodes.map((n) => `    server ${n}${parameters};\n`).join('');
  return shipped.replace(UPSTREAM, `$1${servers}`).replace(LISTEN, `    listen ${listen};`);
}

/**
 * A whole nginx configuration for an ordinary (unprivileged, foreground) process: its pid file,
 * logs and temporary files under `prefix`, and the site inside its http block (where conf.d
 * files are included on a Debian host).
 */
export function standaloneConfig(prefix: string, site: string): string {
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log warn;`,
    'events { worker_connections 1024; }',
    'http {',
    `    access_log ${prefix}/access.log;`,
    `    client_body_temp_path ${prefix}/client_body;`,
    `    proxy_temp_path ${prefix}/proxy;`,
    `    fastcgi_temp_path ${prefix}/fastcgi;`,
    `    uwsgi_temp_path ${prefix}/uwsgi;`,
    `    scgi_temp_path ${prefix}/scgi;`,
    site,
    '}',
    '',
  ].join('\n');
}

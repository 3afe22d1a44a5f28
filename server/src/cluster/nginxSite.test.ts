import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './nodeProcesses.js';
import { SHIPPED_SITE, siteFor, standaloneConfig } from './nginxSite.js';

describe('the nginx site the tests run (the shipped one, filled in)', () => {
  const shipped = readFileSync(join(ROOT, SHIPPED_SITE), 'utf8');

  it('replaces only the upstream servers (keeping their parameters) and the listening address', () => {
    const site = siteFor(shipped, ['127.0.0.1:4001', '127.0.0.1:4002'], '127.0.0.1:5000');
    expect(site).toMatch(/upstream city_wall \{\n {4}ip_hash;\n {4}server 127\.0\.0\.1:4001 max_fails=1 fail_timeout=10s;\n {4}server 127\.0\.0\.1:4002 max_fails=1 fail_timeout=10s;\n {4}keepalive 64;\n\}/);
    expect(site).toContain('    listen 127.0.0.1:5000;');
    expect(site).not.toContain('10.20.0.');
    expect(site).not.toContain('listen 80;');
    // The rest is the shipped text, line for line.
    const rest = (text: string) => text.split('\n').filter((l) => !/^ {4}(server \d|listen )/.test(l));
    expect(rest(site)).toEqual(rest(shipped));
  });

  it('refuses a site without what it fills in, rather than running something else', () => {
    expect(() => siteFor(shipped.replace('upstream city_wall', 'upstream other'), ['127.0.0.1:1'], '127.0.0.1:2')).toThrow(/upstream city_wall/);
    expect(() => siteFor(shipped.replace('listen 80;', 'listen 8080;'), ['127.0.0.1:1'], '127.0.0.1:2')).toThrow(/listen 80/);
  });

  it('wraps the site for an unprivileged foreground nginx with everything under its prefix', () => {
    const conf = standaloneConfig('/tmp/p', 'SITE');
    expect(conf).toMatch(/^daemon off;/);
    expect(conf).toContain('pid /tmp/p/nginx.pid;');
    expect(conf).toContain('error_log /tmp/p/error.log warn;');
    expect(conf).toMatch(/http \{\n(.*\n)*SITE\n\}/);
  });
});

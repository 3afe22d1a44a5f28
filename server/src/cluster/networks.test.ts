import { describe, expect, it } from 'vitest';
import { LOOPBACK_ONLY, networkMatcher, parseCidr } from './networks.js';

describe('operations networks', () => {
  it('matches addresses within the listed networks, IPv4 and IPv6', () => {
    const allowed = networkMatcher(['10.20.0.0/16', '192.168.1.7', 'fd00:1::/32']);
    expect(allowed('10.20.3.4')).toBe(true);
    expect(allowed('10.21.0.1')).toBe(false);
    expect(allowed('192.168.1.7')).toBe(true);
    expect(allowed('192.168.1.8')).toBe(false);
    expect(allowed('fd00:1:2::9')).toBe(true);
    expect(allowed('fd00:2::1')).toBe(false);
    expect(allowed(undefined)).toBe(false);
    expect(allowed('not an address')).toBe(false);
  });

  it('matches an IPv4 client that a dual-stack socket reports as ::ffff:a.b.c.d', () => {
    const loopback = networkMatcher(LOOPBACK_ONLY);
    expect(loopback('::ffff:127.0.0.1')).toBe(true);
    expect(loopback('127.0.0.1')).toBe(true);
    expect(loopback('::1')).toBe(true);
    expect(loopback('::ffff:10.0.0.1')).toBe(false);
  });

  it.each([
    ['10.0.0.0/33', /prefix length must be 0–32/],
    ['fd00::/129', /prefix length must be 0–128/],
    ['10.0.0/8', /not an address or a network/],
    ['10.0.0.0/8/1', /not an address or a network/],
    ['10.0.0.0/x', /prefix length/],
  ])('refuses %s with a message naming it', (cidr, why) => {
    expect(() => parseCidr(cidr)).toThrow(why);
  });
});

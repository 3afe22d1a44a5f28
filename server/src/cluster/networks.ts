import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Who may read GET /metrics: addresses within these networks, or a request with this bearer token. */
export interface MetricsAccess {
  /** CIDR networks (`10.20.0.0/16`, `::1/128`); a bare address is one host. */
  allow: string[];
  /** METRICS_TOKEN; null: addresses only. */
  token: string | null;
}

/** The default: this machine only (a Prometheus on the node itself, or a tunnel). */
export const LOOPBACK_ONLY: readonly string[] = ['127.0.0.0/8', '::1/128'];

/** Parses one CIDR or address into [address, prefix, family]; throws a message naming it. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (!family || rest.length > 0) throw new Error(`${JSON.stringify(text)} is not an address or a network such as 10.20.0.0/16`);
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) throw new Error(`${JSON.stringify(text)}: the prefix length must be 0–${max}`);
  return { address, prefix, family };
}

/** The allowed networks as a matcher; an IPv4 client seen as ::ffff:a.b.c.d is matched as a.b.c.d. */
export function networkMatcher(cidrs: readonly string[]): (ip: string | undefined) => boolean {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const { address, prefix, family } = parseCidr(cidr);
    list.addSubnet(address, prefix, family);
  }
  return (ip) => {
    if (!ip) return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
    const plain = mapped ?? ip;
    if (isIPv4(plain)) return list.check(plain, 'ipv4');
    return isIPv6(plain) && list.check(plain, 'ipv6');
  };
}

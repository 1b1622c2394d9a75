// Who the client is, for throttling and the audit log: the connection's peer address (set by the
// dashboard's server, scripts/serve.mjs, in a header no client can set), unless the peer is a configured
// trusted proxy (IRONLB_TRUSTED_PROXIES), in which case X-Forwarded-For is read from the right, skipping
// trusted hops. By default nobody is trusted, so a forged X-Forwarded-For changes nothing.
import { parseIP, parsePoolAddress, rangeContains, type IPRange } from '../../lib/ip';

/** Written by scripts/serve.mjs on every request from the socket's remote address (any client value is replaced). */
export const PEER_HEADER = 'x-ironlb-peer';

/** IRONLB_TRUSTED_PROXIES: comma-separated IPs or CIDRs; a bad entry is a message naming it. */
export function parseTrustedProxies(text: string): { ok: true; value: IPRange[] } | { ok: false; error: string } {
  const ranges: IPRange[] = [];
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const single = parseIP(entry);
    const range = single.ok ? parsePoolAddress(`${entry}/${single.value.family === 'IPv4' ? 32 : 128}`) : parsePoolAddress(entry);
    if (!range.ok || entry.includes('-')) return { ok: false, error: `"${entry}" is not an IP address or CIDR` };
    ranges.push(range.value);
  }
  return { ok: true, value: ranges };
}

/** IPv4-mapped IPv6 (::ffff:192.0.2.1, how a dual-stack socket shows IPv4 peers) read as IPv4. */
const plain = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');

function isTrusted(address: string, trusted: readonly IPRange[]): boolean {
  const ip = parseIP(plain(address));
  return ip.ok && trusted.some((r) => r.family === ip.value.family && rangeContains(r, ip.value));
}

/** The client address: the peer, or behind trusted proxies the right-most untrusted X-Forwarded-For hop. */
export function clientAddress(peer: string | null, forwardedFor: string | null, trusted: readonly IPRange[]): string {
  if (!peer) return 'unknown';
  const from = plain(peer).slice(0, 64);
  if (!isTrusted(from, trusted)) return from;
  const hops = (forwardedFor ?? '').split(',').map(plain).filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!parseIP(hops[i]).ok) return from; // a garbled chain: trust what we know
    if (!isTrusted(hops[i], trusted)) return hops[i];
  }
  return hops[0] ?? from;
}

// Single IP addresses as (family, BigInt): parsing via ipaddr.js, canonical formatting.
// Pure: no regexes for address syntax, no number math that could overflow on IPv6.
import ipaddr from 'ipaddr.js';
import { err, ok, type Result } from '../result';

/** The Kubernetes `ipFamilies` strings. */
export type IPFamily = 'IPv4' | 'IPv6';
export type IPAddr = { family: IPFamily; n: bigint };

export const familyBits = (family: IPFamily): number => (family === 'IPv4' ? 32 : 128);

const bytesToBigInt = (bytes: number[]): bigint =>
  bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

/**
 * Parses one address. IPv4 must be strict dotted decimal (Go's net.ParseIP rules: no octal,
 * no hex, no short forms); IPv6 any RFC 4291 text form without a zone id.
 */
export function parseIP(s: string): Result<IPAddr, string> {
  // No four-part decimal holds a colon: IPv6 text skips ipaddr's IPv4 attempt, which throws and
  // catches inside (30 µs a call; the speakers' periodic resync reads every IP of every Service).
  if (!s.includes(':') && ipaddr.IPv4.isValidFourPartDecimal(s)) {
    return ok({ family: 'IPv4', n: bytesToBigInt(ipaddr.IPv4.parse(s).toByteArray()) });
  }
  if (ipaddr.IPv6.isValid(s)) {
    const v6 = ipaddr.IPv6.parse(s);
    if (v6.zoneId !== undefined) return err(`invalid IP address "${s}": zone ids are not allowed`);
    return ok({ family: 'IPv6', n: bytesToBigInt(v6.toByteArray()) });
  }
  return err(`invalid IP address "${s}"`);
}

const ZERO_DIGIT = 0x30;

/**
 * Canonical text: dotted decimal, or RFC 5952 (lowercase hex without leading zeros, the longest
 * run of two or more zero groups compressed to `::`, the first of equal runs). Written here
 * rather than through ipaddr.js's toRFC5952String (which it matches: address.test.ts compares
 * the two on random addresses): that went BigInt to bytes to an object to text with a regular
 * expression, about 10 µs an address, and the controller formats every IP it hands out.
 */
export function formatIP(a: IPAddr): string {
  if (a.family === 'IPv4') {
    const v = Number(a.n);
    return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const hex = a.n.toString(16).padStart(32, '0');
  const groups = new Array<string>(8);
  let best = -1;
  let bestLength = 1;
  let run = -1;
  for (let i = 0; i < 8; i++) {
    // The group's hex digits without leading zeros (one '0' left of an all-zero group).
    let start = i * 4;
    while (start < i * 4 + 3 && hex.charCodeAt(start) === ZERO_DIGIT) start++;
    const group = hex.slice(start, i * 4 + 4);
    groups[i] = group;
    if (group !== '0') {
      run = -1;
      continue;
    }
    if (run < 0) run = i;
    if (i - run + 1 > bestLength) {
      best = run;
      bestLength = i - run + 1;
    }
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

/** Remembered canonical texts; a whole cluster's IPs fit, and it starts over past that. */
const CANONICAL_MEMO_MAX = 65_536;
const canonicalMemo = new Map<string, string | null>();

/**
 * The canonical text of an address (`formatIP(parseIP(s))`), or null when `s` is not one.
 * Remembered: the speakers canonicalise every ingress IP on every pass and resync, and a parse
 * with ipaddr.js and a BigInt round trip costs 20-40 µs (a cold start at 1,000 services spent
 * 100 ms here).
 */
export function canonicalIP(s: string): string | null {
  const known = canonicalMemo.get(s);
  if (known !== undefined) return known;
  const parsed = parseIP(s);
  const text = parsed.ok ? formatIP(parsed.value) : null;
  if (canonicalMemo.size >= CANONICAL_MEMO_MAX) canonicalMemo.clear();
  canonicalMemo.set(s, text);
  return text;
}

export function ipFamilyOf(s: string): IPFamily | null {
  const parsed = parseIP(s);
  return parsed.ok ? parsed.value.family : null;
}

export function compareIP(a: IPAddr, b: IPAddr): number {
  if (a.family !== b.family) return a.family === 'IPv4' ? -1 : 1;
  return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
}

/** IPv4 addresses ending in .0 or .255, which some old client stacks mishandle. */
export function isBuggyIPv4(a: IPAddr): boolean {
  if (a.family !== 'IPv4') return false;
  const last = a.n & 0xffn;
  return last === 0n || last === 255n;
}

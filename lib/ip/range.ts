// Pool address ranges (first..last inclusive, one family): parsing of `CIDR` and `a-b` forms,
// counting, membership, overlap and offset arithmetic. All math is BigInt so /64s never hang.
import { err, ok, type Result } from '../result';
import { familyBits, formatIP, parseIP, type IPAddr, type IPFamily } from './address';

export type IPRange = { family: IPFamily; first: bigint; last: bigint };

/** Why a pool address failed, kept structured so config can name the pool in the message. */
export type PoolAddressError =
  | { kind: 'cidr'; address: string; hint?: string }
  | { kind: 'range'; address: string; detail: string };

function parseCidr(s: string): Result<IPRange, PoolAddressError> {
  const slash = s.indexOf('/');
  if (slash < 0) {
    const single = parseIP(s.trim());
    const hint = single.ok
      ? `a single address is written ${s.trim()}/${familyBits(single.value.family)}`
      : undefined;
    return err({ kind: 'cidr', address: s, hint });
  }
  const addr = parseIP(s.slice(0, slash));
  const prefixText = s.slice(slash + 1);
  const prefix = Number(prefixText);
  const isDecimal = prefixText.length > 0 && String(prefix) === prefixText;
  if (!addr.ok) return err({ kind: 'cidr', address: s });
  const bits = familyBits(addr.value.family);
  if (!isDecimal || prefix < 0 || prefix > bits) {
    return err({ kind: 'cidr', address: s, hint: `the prefix length must be a number from 0 to ${bits}, not "${prefixText}"` });
  }
  const hostBits = BigInt(familyBits(addr.value.family) - prefix);
  const first = (addr.value.n >> hostBits) << hostBits;
  return ok({ family: addr.value.family, first, last: first + (1n << hostBits) - 1n });
}

function parseDashRange(s: string): Result<IPRange, PoolAddressError> {
  const dash = s.indexOf('-');
  const startText = s.slice(0, dash).trim();
  const endText = s.slice(dash + 1).trim();
  const fail = (detail: string) => err<PoolAddressError>({ kind: 'range', address: s, detail });
  const start = parseIP(startText);
  if (!start.ok) return fail(`invalid start IP "${startText}"`);
  const end = parseIP(endText);
  if (!end.ok) return fail(`invalid end IP "${endText}"`);
  if (start.value.family !== end.value.family) {
    return fail(`start IP "${startText}" and end IP "${endText}" are of different IP families`);
  }
  if (start.value.n > end.value.n) {
    return fail(`start IP "${startText}" is after the end IP "${endText}"`);
  }
  return ok({ family: start.value.family, first: start.value.n, last: end.value.n });
}

/** Structured variant of parsePoolAddress (lib/config uses it to add the pool name). A '/' makes it a CIDR, even `10.0.0.0/-1`. */
export function parsePoolAddressDetailed(s: string): Result<IPRange, PoolAddressError> {
  return s.includes('-') && !s.includes('/') ? parseDashRange(s) : parseCidr(s.trim());
}

/** One-line message for a failed pool address, optionally naming the pool. */
export function describePoolAddressError(e: PoolAddressError, pool?: string): string {
  const inPool = pool === undefined ? '' : ` in pool "${pool}"`;
  if (e.kind === 'cidr') return `invalid CIDR "${e.address}"${inPool}${e.hint ? ` (${e.hint})` : ''}`;
  return `invalid IP range "${e.address}"${inPool}: ${e.detail}`;
}

/** A CIDR (host bits dropped) or a range `a-b` split on the first '-'. */
export function parsePoolAddress(s: string): Result<IPRange, string> {
  const parsed = parsePoolAddressDetailed(s);
  return parsed.ok ? parsed : err(describePoolAddressError(parsed.error));
}

export const rangeSize = (r: IPRange): bigint => r.last - r.first + 1n;

export const rangeContains = (r: IPRange, a: IPAddr): boolean =>
  r.family === a.family && a.n >= r.first && a.n <= r.last;

export const rangesOverlap = (a: IPRange, b: IPRange): boolean =>
  a.family === b.family && a.first <= b.last && b.first <= a.last;

/** The address at `offset` from the start of the range (0-based). Throws if out of range. */
export function ipAt(r: IPRange, offset: bigint): IPAddr {
  if (offset < 0n || offset > r.last - r.first) throw new RangeError(`offset ${offset} outside range`);
  return { family: r.family, n: r.first + offset };
}

/** Offset of `a` within the range, or -1n when the range does not contain it. */
export function offsetOf(r: IPRange, a: IPAddr): bigint {
  return rangeContains(r, a) ? a.n - r.first : -1n;
}

/** Text form: the CIDR when the range is exactly one, else `first-last`. */
export function formatRange(r: IPRange): string {
  const cidrs = rangeToCidrs(r);
  if (cidrs.length === 1) return cidrs[0];
  return `${formatIP({ family: r.family, n: r.first })}-${formatIP({ family: r.family, n: r.last })}`;
}

/** Minimal list of CIDRs covering exactly the range, in ascending order. */
export function rangeToCidrs(r: IPRange): string[] {
  const bits = BigInt(familyBits(r.family));
  const out: string[] = [];
  let cur = r.first;
  while (cur <= r.last) {
    // Largest aligned block starting at cur that does not run past last.
    let size = 0n;
    while (size < bits && (cur & ((1n << (size + 1n)) - 1n)) === 0n && cur + (1n << (size + 1n)) - 1n <= r.last) {
      size++;
    }
    out.push(`${formatIP({ family: r.family, n: cur })}/${bits - size}`);
    cur += 1n << size;
  }
  return out;
}

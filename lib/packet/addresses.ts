// MAC, IPv4 and IPv6 addresses as bytes <-> canonical text, for the wire codecs in lib/packet.
// Pure and allocation-light (these run per frame); canonical text is what the codecs return.
import { err, ok, type Result } from '../result';

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
export const ZERO_MAC = '00:00:00:00:00:00';
export const ALL_NODES_IPV6 = 'ff02::1';
export const UNSPECIFIED_IPV6 = '::';

const HEX = '0123456789abcdef';

const toHex2 = (b: number): string => HEX[b >> 4] + HEX[b & 15];

/** Formats 6 bytes at `offset` as lowercase colon-separated text. */
export function formatMac(bytes: Uint8Array, offset = 0): string {
  let s = toHex2(bytes[offset]);
  for (let i = 1; i < 6; i++) s += ':' + toHex2(bytes[offset + i]);
  return s;
}

/** Parses "aa:bb:cc:dd:ee:ff" (or with dashes), any case. */
export function parseMac(text: string): Result<Uint8Array, string> {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6) return err(`not a MAC address: "${text}"`);
  const out = new Uint8Array(6);
  for (let i = 0; i < 6; i++) {
    if (!/^[0-9a-fA-F]{2}$/.test(parts[i])) return err(`not a MAC address: "${text}"`);
    out[i] = parseInt(parts[i], 16);
  }
  return ok(out);
}

export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** Strict dotted decimal: four parts, no leading zeros, each 0..255. */
export function parseIpv4(text: string): Result<Uint8Array, string> {
  const parts = text.split('.');
  if (parts.length !== 4) return err(`not an IPv4 address: "${text}"`);
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return err(`not an IPv4 address: "${text}"`);
    out[i] = Number(p);
  }
  return ok(out);
}

/** Finds the longest run (>= 2) of zero groups; RFC 5952 picks the first on a tie. */
function findZeroRun(groups: number[]): { start: number; length: number } {
  let best = { start: -1, length: 0 };
  let i = 0;
  while (i < 8) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  return best;
}

/** Formats 16 bytes at `offset` in RFC 5952 canonical form. */
export function formatIpv6(bytes: Uint8Array, offset = 0): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[offset + 2 * i] << 8) | bytes[offset + 2 * i + 1]);
  const run = findZeroRun(groups);
  if (run.start < 0) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, run.start).map((g) => g.toString(16)).join(':');
  const tail = groups.slice(run.start + run.length).map((g) => g.toString(16)).join(':');
  return `${head}::${tail}`;
}

function parseGroups(text: string, allowTrailingIpv4: boolean): number[] | null {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (allowTrailingIpv4 && i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIpv4(p);
      if (!v4.ok) return null;
      groups.push((v4.value[0] << 8) | v4.value[1], (v4.value[2] << 8) | v4.value[3]);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      groups.push(parseInt(p, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/** Any RFC 4291 text form without a zone id, incl. a trailing dotted IPv4 part. */
export function parseIpv6(text: string): Result<Uint8Array, string> {
  const bad = err(`not an IPv6 address: "${text}"`);
  const halves = text.split('::');
  if (halves.length > 2) return bad;
  const compressed = halves.length === 2;
  const head = parseGroups(halves[0], !compressed);
  const tail = compressed ? parseGroups(halves[1], true) : [];
  if (!head || !tail) return bad;
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return bad;
  const groups = [...head, ...new Array<number>(compressed ? missing : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return ok(out);
}

export type IpFamily = 4 | 6;

/** Tells the family from the text alone (a colon means IPv6); no validation. */
export const familyOfIp = (ip: string): IpFamily => (ip.includes(':') ? 6 : 4);

/** Returns the canonical text of an address, or an error for junk. */
export function canonicalizeIp(ip: string): Result<string, string> {
  if (familyOfIp(ip) === 4) {
    const v4 = parseIpv4(ip);
    return v4.ok ? ok(formatIpv4(v4.value)) : v4;
  }
  const v6 = parseIpv6(ip);
  return v6.ok ? ok(formatIpv6(v6.value)) : v6;
}

/** RFC 4291 §2.7.1: ff02::1:ffXX:XXXX from the low 24 bits of the address. */
export function solicitedNodeBytes(ip: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  out.set([0xff, 0x02], 0);
  out.set([0x01, 0xff, ip[13], ip[14], ip[15]], 11);
  return out;
}

export function solicitedNodeAddress(ip: string): Result<string, string> {
  const v6 = parseIpv6(ip);
  return v6.ok ? ok(formatIpv6(solicitedNodeBytes(v6.value))) : v6;
}

/** RFC 2464 §7: an IPv6 multicast address maps to 33:33 + its low 32 bits. */
export function multicastMacBytes(ip: Uint8Array): Uint8Array {
  return Uint8Array.of(0x33, 0x33, ip[12], ip[13], ip[14], ip[15]);
}

/** The Ethernet address of an IPv6 address's solicited-node group: 33:33:ff:xx:xx:xx. */
export function solicitedNodeMac(ip: string): Result<string, string> {
  const v6 = parseIpv6(ip);
  return v6.ok ? ok(formatMac(multicastMacBytes(solicitedNodeBytes(v6.value)))) : v6;
}

export const isMulticastMac = (mac: string): boolean => (parseInt(mac.slice(0, 2), 16) & 1) === 1;
export const isMulticastIpv6 = (ip: string): boolean => ip.startsWith('ff');

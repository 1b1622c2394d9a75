// Reads MetalLB <= v0.12 `config` YAML (address-pools, peers...) into typed legacy pools with
// one-line errors naming the pool and the address. No conversion here; see legacy.ts.
import { parse as parseYaml } from 'yaml';
import { describePoolAddressError, parsePoolAddressDetailed } from '../ip';
import { err, ok, type Result } from '../result';

export type LegacyPool = {
  name: string;
  protocol: 'layer2' | 'bgp';
  addresses: string[];
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
};

export type LegacyConfig = { pools: LegacyPool[]; warnings: string[] };

const POOL_KEYS = new Set(['name', 'protocol', 'addresses', 'auto-assign', 'avoid-buggy-ips', 'bgp-advertisements']);
const BGP_ONLY_TOP_KEYS = new Set(['peers', 'bgp-communities', 'bfd-profiles']);
// MetalLB read this YAML with go-yaml (YAML 1.1), where these words are booleans too.
const YAML11_TRUE = new Set(['y', 'yes', 'on', 'true']);
const YAML11_FALSE = new Set(['n', 'no', 'off', 'false']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deeper than this is refused: a MetalLB ConfigMap needs about six levels, and deeper input only costs stack. */
export const MAX_YAML_DEPTH = 64;

/** True when `value` nests lists/maps deeper than `limit` (checked without recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

export const tooDeepMessage = (what: string) => `invalid YAML in ${what}: nested more than ${MAX_YAML_DEPTH} levels deep (a MetalLB ConfigMap needs only a few)`;

/** YAML text -> value, with the parser's error cut to its first line; absurdly deep nesting is refused. */
export function parseYamlText(text: string, what: string): Result<unknown, string> {
  try {
    const value = parseYaml(text) as unknown;
    return nestsDeeperThan(value, MAX_YAML_DEPTH) ? err(tooDeepMessage(what)) : ok(value);
  } catch (e) {
    // The parser recurses per level: a pathological document overflows the stack before it ends.
    if (e instanceof RangeError || /call stack/i.test(String(e))) return err(tooDeepMessage(what));
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    return err(`invalid YAML in ${what}: ${first}`);
  }
}

function readBool(value: unknown, fallback: boolean, field: string, pool: string): Result<boolean, string> {
  if (value === undefined || value === null) return ok(fallback);
  if (typeof value === 'boolean') return ok(value);
  const word = typeof value === 'string' ? value.toLowerCase() : '';
  if (YAML11_TRUE.has(word)) return ok(true);
  if (YAML11_FALSE.has(word)) return ok(false);
  return err(`${field} must be true or false in pool "${pool}", got ${JSON.stringify(value)}`);
}

function readAddresses(value: unknown, pool: string): Result<string[], string> {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    return err(`pool "${pool}" has no prefixes defined`);
  }
  if (!Array.isArray(value)) return err(`addresses must be a list in pool "${pool}"`);
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') return err(`invalid CIDR ${JSON.stringify(item)} in pool "${pool}"`);
    const parsed = parsePoolAddressDetailed(item);
    if (!parsed.ok) return err(describePoolAddressError(parsed.error, pool));
    out.push(item.trim());
  }
  return ok(out);
}

function readProtocol(value: unknown, pool: string): Result<LegacyPool['protocol'], string> {
  if (value === undefined || value === null || value === '') return err(`pool "${pool}" has no protocol`);
  if (value === 'layer2' || value === 'bgp') return ok(value);
  return err(`unknown protocol "${String(value)}" in pool "${pool}"`);
}

function readPool(raw: unknown, index: number, warnings: string[]): Result<LegacyPool, string> {
  if (!isRecord(raw)) return err(`address-pools[${index}] must be a mapping`);
  if (typeof raw.name !== 'string' || raw.name === '') return err(`address-pools[${index}] has no name`);
  const name = raw.name;
  const unknown = Object.keys(raw).find((k) => !POOL_KEYS.has(k));
  if (unknown) return err(`unknown field "${unknown}" in pool "${name}"`);
  const protocol = readProtocol(raw.protocol, name);
  if (!protocol.ok) return protocol;
  const addresses = readAddresses(raw.addresses, name);
  if (!addresses.ok) return addresses;
  const autoAssign = readBool(raw['auto-assign'], true, 'auto-assign', name);
  if (!autoAssign.ok) return autoAssign;
  const avoidBuggyIPs = readBool(raw['avoid-buggy-ips'], false, 'avoid-buggy-ips', name);
  if (!avoidBuggyIPs.ok) return avoidBuggyIPs;
  if (protocol.value === 'layer2' && raw['bgp-advertisements'] !== undefined) {
    warnings.push(`bgp-advertisements in layer2 pool "${name}" ignored`);
  }
  return ok({ name, protocol: protocol.value, addresses: addresses.value, autoAssign: autoAssign.value, avoidBuggyIPs: avoidBuggyIPs.value });
}

/** Parsed `config` value -> legacy pools in file order, plus warnings for BGP-only sections. */
export function readLegacyConfig(value: unknown): Result<LegacyConfig, string> {
  if (!isRecord(value)) return err('config must be a YAML mapping with address-pools');
  const warnings: string[] = [];
  for (const key of Object.keys(value)) {
    if (BGP_ONLY_TOP_KEYS.has(key)) warnings.push(`${key}: BGP settings are not converted (ironlb supports Layer2 only)`);
    else if (key !== 'address-pools') return err(`unknown field "${key}" in config`);
  }
  const rawPools = value['address-pools'];
  if (rawPools === undefined || rawPools === null || (Array.isArray(rawPools) && rawPools.length === 0)) {
    return err('config has no address-pools');
  }
  if (!Array.isArray(rawPools)) return err('address-pools must be a list');
  const pools: LegacyPool[] = [];
  for (const [index, raw] of rawPools.entries()) {
    const pool = readPool(raw, index, warnings);
    if (!pool.ok) return pool;
    if (pools.some((p) => p.name === pool.value.name)) return err(`duplicate definition of pool "${pool.value.name}"`);
    pools.push(pool.value);
  }
  return ok({ pools, warnings });
}

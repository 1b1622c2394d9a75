// CR lists -> validated Config, or the first error (MetalLB rejects the whole config on one bad
// resource and keeps the last good one; callers do the keeping). Deterministic: sorted by name.
import { err, ok, type Result } from '../result';
import { ipAddressPoolSchema, l2AdvertisementSchema, type IPAddressPool, type L2Advertisement } from '../schemas';
import { checkAdvertisement, toAdvertisementConfig } from './advertisement-config';
import { checkOverlaps, toPoolConfig, type PoolAddress } from './pool-config';
import { parseWith, peekName } from './resource-checks';
import type { AdvertisementConfig, Config, ConfigError, PoolConfig } from './types';

const byName = <T>(name: (t: T) => string) => (a: T, b: T) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);

function parseAll<T>(
  raws: unknown[],
  parse: (raw: unknown) => Result<T, string>,
  kind: ConfigError['kind'],
): Result<T[], ConfigError> {
  const out: T[] = [];
  for (const raw of raws) {
    const parsed = parse(raw);
    if (!parsed.ok) return err({ kind, name: peekName(raw), message: parsed.error });
    out.push(parsed.value);
  }
  return ok(out);
}

function validatePools(pools: IPAddressPool[], systemNamespace: string): Result<PoolConfig[], ConfigError> {
  const sorted = [...pools].sort(byName((p) => p.metadata.name ?? ''));
  const configs: PoolConfig[] = [];
  const all: PoolAddress[] = [];
  for (const pool of sorted) {
    const name = pool.metadata.name ?? '';
    const fail = (message: string) => err<ConfigError>({ kind: 'IPAddressPool', name, message });
    const one = toPoolConfig(pool, systemNamespace);
    if (!one.ok) return fail(one.error);
    if (configs.some((c) => c.name === name)) return fail(`duplicate definition of pool "${name}"`);
    const overlap = checkOverlaps(one.value.addresses, all);
    if (!overlap.ok) return fail(overlap.error.message);
    configs.push(one.value.config);
    all.push(...one.value.addresses);
  }
  return ok(configs);
}

function validateAdvertisements(
  advs: L2Advertisement[],
  pools: PoolConfig[],
  systemNamespace: string,
): Result<AdvertisementConfig[], ConfigError> {
  const sorted = [...advs].sort(byName((a) => a.metadata.name ?? ''));
  const out: AdvertisementConfig[] = [];
  for (const adv of sorted) {
    const name = adv.metadata.name ?? '';
    const fail = (message: string) => err<ConfigError>({ kind: 'L2Advertisement', name, message });
    const checked = checkAdvertisement(adv, systemNamespace);
    if (!checked.ok) return fail(checked.error);
    if (out.some((a) => a.name === name)) return fail(`duplicate definition of L2Advertisement "${name}"`);
    out.push(toAdvertisementConfig(adv, name, pools));
  }
  return ok(out);
}

export function validateConfig(
  pools: unknown[],
  advertisements: unknown[],
  systemNamespace: string,
): Result<Config, ConfigError> {
  const parsedPools = parseAll(pools, (r) => parseWith(ipAddressPoolSchema, r), 'IPAddressPool');
  if (!parsedPools.ok) return parsedPools;
  const parsedAdvs = parseAll(advertisements, (r) => parseWith(l2AdvertisementSchema, r), 'L2Advertisement');
  if (!parsedAdvs.ok) return parsedAdvs;
  const poolConfigs = validatePools(parsedPools.value, systemNamespace);
  if (!poolConfigs.ok) return poolConfigs;
  const advConfigs = validateAdvertisements(parsedAdvs.value, poolConfigs.value, systemNamespace);
  if (!advConfigs.ok) return advConfigs;
  return ok({ pools: poolConfigs.value, advertisements: advConfigs.value });
}

/** `IPAddressPool "p": <message>`, for logs and CLI output. */
export function formatConfigError(e: ConfigError): string {
  return `${e.kind} "${e.name}": ${e.message}`;
}

/** Pools that no advertisement selects: allocated from but never announced. */
export function findUnadvertisedPools(config: Config): string[] {
  const covered = new Set(config.advertisements.flatMap((a) => a.selectedPools));
  return config.pools.map((p) => p.name).filter((n) => !covered.has(n));
}

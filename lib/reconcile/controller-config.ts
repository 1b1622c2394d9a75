// Which pools the controller allocates from: the IPAddressPool CRs, or, when there are none,
// the legacy MetalLB ConfigMap (SEMANTICS §1). Pure; the server passes the raw objects in.
import type { AllocatorPool } from '../allocator';
import { convertLegacyConfig, formatConfigError, validateConfig, type PoolConfig } from '../config';
import { err, ok, type Result } from '../result';

export type ConfigSource = 'ipAddressPools' | 'legacyConfigMap' | 'none';

export interface ControllerConfig {
  source: ConfigSource;
  pools: PoolConfig[];
  /** Conversion warnings (legacy ConfigMap only). */
  warnings: string[];
  /** Stable text of what allocation depends on: equal fingerprints need no setPools. */
  fingerprint: string;
}

const bigintSafe = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

export function fingerprintPools(pools: readonly AllocatorPool[]): string {
  return JSON.stringify(
    pools.map((p) => [p.name, p.ranges, p.autoAssign, p.avoidBuggyIPs, p.serviceAllocation ?? null]),
    bigintSafe,
  );
}

const build = (source: ConfigSource, pools: PoolConfig[], warnings: string[] = []): ControllerConfig => ({
  source,
  pools,
  warnings,
  fingerprint: fingerprintPools(pools),
});

/**
 * IPAddressPools win whenever one exists; the legacy ConfigMap text (data.config) is used only
 * without them. An invalid configuration is an error: callers keep the last good one.
 */
export function resolveControllerConfig(
  poolObjects: readonly unknown[],
  legacyConfigText: string | undefined,
  systemNamespace: string,
): Result<ControllerConfig, string> {
  if (poolObjects.length > 0) {
    const cfg = validateConfig([...poolObjects], [], systemNamespace);
    return cfg.ok ? ok(build('ipAddressPools', cfg.value.pools)) : err(formatConfigError(cfg.error));
  }
  if (legacyConfigText === undefined) return ok(build('none', []));
  const converted = convertLegacyConfig(legacyConfigText, systemNamespace);
  if (!converted.ok) return err(`ConfigMap ${systemNamespace}/config: ${converted.error}`);
  const cfg = validateConfig(converted.value.pools, [], systemNamespace);
  if (!cfg.ok) return err(`ConfigMap ${systemNamespace}/config: ${formatConfigError(cfg.error)}`);
  return ok(build('legacyConfigMap', cfg.value.pools, converted.value.warnings));
}

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

/** The verdict on everything the controller and speakers read, and the object at fault. */
export interface ConfigJudgement {
  valid: boolean;
  error?: string;
  culprit?: { kind: 'IPAddressPool' | 'L2Advertisement' | 'ConfigMap'; name: string };
}

/**
 * Judges the pools and advertisements together (overlaps, unknown pools, bad selectors: what
 * MetalLB's webhook refuses and a real API server lets through), or the legacy ConfigMap when
 * there are none.
 */
export function judgeConfiguration(
  poolObjects: readonly unknown[],
  advertisementObjects: readonly unknown[],
  legacyConfigText: string | undefined,
  systemNamespace: string,
): ConfigJudgement {
  if (poolObjects.length > 0 || advertisementObjects.length > 0) {
    const r = validateConfig([...poolObjects], [...advertisementObjects], systemNamespace);
    return r.ok ? { valid: true } : { valid: false, error: formatConfigError(r.error), culprit: { kind: r.error.kind, name: r.error.name } };
  }
  const r = resolveControllerConfig([], legacyConfigText, systemNamespace);
  return r.ok ? { valid: true } : { valid: false, error: r.error, culprit: { kind: 'ConfigMap', name: 'config' } };
}

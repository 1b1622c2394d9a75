// One L2Advertisement CR -> AdvertisementConfig: duplicate checks and pool selection resolved
// against the validated pools (both lists empty = all pools).
import { err, type Result } from '../result';
import type { L2Advertisement } from '../schemas';
import { anySelectorMatches } from './label-selector';
import { checkMetadata, checkSelectors, checkNoDuplicates, firstFailure } from './resource-checks';
import type { AdvertisementConfig, PoolConfig } from './types';

export function checkAdvertisement(adv: L2Advertisement, systemNamespace: string): Result<string, string> {
  const meta = checkMetadata(adv.metadata, systemNamespace);
  if (!meta.ok) return meta;
  const spec = adv.spec ?? {};
  const named = (r: Result<true, string>) => (r.ok ? r : err(`${r.error} in L2Advertisement "${meta.value}"`));
  const checked = firstFailure([
    () => named(checkNoDuplicates(spec.ipAddressPools, 'ipAddressPools')),
    () => named(checkSelectors(spec.ipAddressPoolSelectors, 'ipAddressPoolSelectors')),
    () => named(checkSelectors(spec.nodeSelectors, 'nodeSelectors')),
    () => named(checkNoDuplicates(spec.interfaces, 'interfaces')),
    () => named(checkSelectors(spec.serviceSelectors, 'serviceSelectors')),
    () =>
      named(
        checkSelectors(
          (spec.preferredNodeSelectors ?? []).map((p) => p.preference),
          'preferredNodeSelectors',
        ),
      ),
  ]);
  return checked.ok ? meta : checked;
}

export function selectPools(adv: L2Advertisement, pools: readonly PoolConfig[]): string[] {
  const names = adv.spec?.ipAddressPools ?? [];
  const selectors = adv.spec?.ipAddressPoolSelectors ?? [];
  if (names.length === 0 && selectors.length === 0) return pools.map((p) => p.name);
  return pools
    .filter((p) => names.includes(p.name) || anySelectorMatches(selectors, p.labels))
    .map((p) => p.name);
}

export function toAdvertisementConfig(
  adv: L2Advertisement,
  name: string,
  pools: readonly PoolConfig[],
): AdvertisementConfig {
  const spec = adv.spec ?? {};
  return {
    name,
    ipAddressPools: spec.ipAddressPools ?? [],
    ipAddressPoolSelectors: spec.ipAddressPoolSelectors ?? [],
    selectedPools: selectPools(adv, pools),
    nodeSelectors: spec.nodeSelectors ?? [],
    interfaces: spec.interfaces ?? [],
    serviceSelectors: spec.serviceSelectors ?? [],
    preferredNodeSelectors: spec.preferredNodeSelectors ?? [],
  };
}

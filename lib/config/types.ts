// The validated, normalised configuration the allocator and the speakers consume.
import type { IPRange } from '../ip';
import type { LabelSelector, PreferredNodeSelector } from '../schemas';

export type PoolServiceAllocation = {
  /** 0 when unset; lower positive numbers win, 0 sorts after all positive ones. */
  priority: number;
  namespaces: string[];
  namespaceSelectors: LabelSelector[];
  serviceSelectors: LabelSelector[];
};

export type PoolConfig = {
  name: string;
  /** spec.addresses parsed, in spec order (allocation walks them in this order). */
  ranges: IPRange[];
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
  serviceAllocation?: PoolServiceAllocation;
  /** metadata.labels, for L2Advertisement ipAddressPoolSelectors. */
  labels: Record<string, string>;
};

export type AdvertisementConfig = {
  name: string;
  ipAddressPools: string[];
  ipAddressPoolSelectors: LabelSelector[];
  /** Pool names this advertisement covers, resolved against the config (name order). */
  selectedPools: string[];
  nodeSelectors: LabelSelector[];
  interfaces: string[];
  serviceSelectors: LabelSelector[];
  preferredNodeSelectors: PreferredNodeSelector[];
};

/** pools sorted by name; advertisements sorted by name. */
export type Config = { pools: PoolConfig[]; advertisements: AdvertisementConfig[] };

export type ConfigError = {
  kind: 'IPAddressPool' | 'L2Advertisement';
  /** metadata.name, or '' when missing. */
  name: string;
  /** One line, in the spirit of MetalLB's webhook messages (docs/semantics.md "Resources and validation"). */
  message: string;
};

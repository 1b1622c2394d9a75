// L2Advertisements as rows: which pools they really cover and which nodes they select, resolved
// with lib/election's own matching so the list agrees with the speakers.
import { coversPool, selectsNode } from '../election/candidates';
import type { NodeInfo } from '../election/types';
import type { IPAddressPool } from '../schemas/ip-address-pool';
import type { L2Advertisement } from '../schemas/l2-advertisement';
import { toAdvertisementInfo } from './election-input';
import type { AdvertisementView } from './types';

export function toAdvertisementView(
  ad: L2Advertisement,
  pools: readonly IPAddressPool[],
  nodes: readonly NodeInfo[],
): AdvertisementView {
  const info = toAdvertisementInfo(ad);
  return {
    name: info.name,
    uid: ad.metadata.uid ?? info.name,
    ipAddressPools: [...info.ipAddressPools],
    coveredPools: pools
      .filter((p) => coversPool(info, p.metadata.name ?? '', p.metadata.labels ?? {}))
      .map((p) => p.metadata.name ?? '')
      .sort(),
    nodeSelectors: info.nodeSelectors.length,
    interfaces: [...info.interfaces],
    nodes: nodes.filter((n) => selectsNode(info, n)).map((n) => n.name).sort(),
    resource: ad,
  };
}

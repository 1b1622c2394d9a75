// The invariants the fault suite checks after every step, over snapshots of the cluster: no IP
// held by two services unless the sharing rules allow it, no IP outside its pool, no IP moved
// unless its pool changed, one MAC answering each announced IP, every acknowledged write present.
// Pure: the caller reads the cluster and the LAN and passes what it saw.
import { ANNOTATION_ALLOW_SHARED_IP, backendKeyOf, checkSharing, type Holder } from '../allocator';
import { parseIP, parsePoolAddress, rangeContains, type IPRange } from '../ip';
import { serviceKey, statusIPs, toAllocService, type ServiceObject } from '../reconcile/controller-service';

export interface PoolSnapshot {
  name: string;
  addresses: readonly string[];
}

export interface ClusterSnapshot {
  services: readonly ServiceObject[];
  pools: readonly PoolSnapshot[];
}

export interface InvariantInput {
  now: ClusterSnapshot;
  /** The previous check's snapshot: an IP that changed since must have had its pool changed. */
  before?: ClusterSnapshot;
  /** Announced IP -> the distinct MACs that answered an ARP/NDP request for it on the LAN. */
  answers?: ReadonlyMap<string, readonly string[]>;
  /** Names of writes the API acknowledged, and the names the API holds now. */
  acknowledged?: Iterable<string>;
  present?: ReadonlySet<string>;
}

/** `pending` and `duplicateWrite` are recorded by scenarios directly (a service never served, work done twice). */
export type ViolationKind = 'sharedIP' | 'outsidePool' | 'moved' | 'answerers' | 'lostWrite' | 'pending' | 'duplicateWrite' | 'wrongError';

export interface Violation {
  kind: ViolationKind;
  subject: string;
  detail: string;
}

const OWN_ANNOTATION = 'metallb.io/ip-allocated-from-pool';

function holderOf(svc: ServiceObject): Holder {
  const a = toAllocService(svc, {});
  const key = a.annotations[ANNOTATION_ALLOW_SHARED_IP] ?? a.annotations['metallb.universe.tf/allow-shared-ip'];
  return { svcKey: serviceKey(svc), sharingKey: key || undefined, backendKey: backendKeyOf(a), ports: a.ports };
}

function checkShared(services: readonly ServiceObject[]): Violation[] {
  const byIP = new Map<string, ServiceObject[]>();
  for (const s of services) for (const ip of statusIPs(s)) byIP.set(ip, [...(byIP.get(ip) ?? []), s]);
  const out: Violation[] = [];
  for (const [ip, holders] of byIP) {
    if (holders.length < 2) continue;
    const parsed = parseIP(ip);
    if (!parsed.ok) continue;
    const seen: Holder[] = [];
    for (const s of holders) {
      const h = holderOf(s);
      const why = checkSharing(parsed.value, seen, h);
      if (why) out.push({ kind: 'sharedIP', subject: ip, detail: `${h.svcKey} holds it next to ${seen.map((x) => x.svcKey).join(', ')}: ${why}` });
      seen.push(h);
    }
  }
  return out;
}

function rangesOf(pools: readonly PoolSnapshot[]): IPRange[] {
  return pools.flatMap((p) => p.addresses.map(parsePoolAddress).flatMap((r) => (r.ok ? [r.value] : [])));
}

function checkInPools(snap: ClusterSnapshot): Violation[] {
  const ranges = rangesOf(snap.pools);
  const out: Violation[] = [];
  for (const s of snap.services) {
    for (const ip of statusIPs(s)) {
      const parsed = parseIP(ip);
      if (parsed.ok && ranges.some((r) => rangeContains(r, parsed.value))) continue;
      out.push({ kind: 'outsidePool', subject: ip, detail: `${serviceKey(s)} holds ${ip}, in no pool` });
    }
  }
  return out;
}

/** What a service asked for: when this changes, its IP may change too. */
function wishOf(svc: ServiceObject): string {
  const a = { ...(svc.metadata.annotations ?? {}) };
  delete a[OWN_ANNOTATION];
  return JSON.stringify([svc.metadata.uid, svc.spec?.type, svc.spec?.loadBalancerIP, svc.spec?.loadBalancerClass, a, svc.spec?.ipFamilies]);
}

const poolText = (p: PoolSnapshot | undefined) => (p ? p.addresses.join(',') : 'deleted');

function checkMoves(before: ClusterSnapshot, now: ClusterSnapshot): Violation[] {
  const nowByKey = new Map(now.services.map((s) => [serviceKey(s), s]));
  const poolsNow = new Map(now.pools.map((p) => [p.name, p]));
  const out: Violation[] = [];
  for (const old of before.services) {
    const cur = nowByKey.get(serviceKey(old));
    const oldIPs = statusIPs(old);
    if (!cur || oldIPs.length === 0 || wishOf(cur) !== wishOf(old)) continue;
    const curIPs = statusIPs(cur);
    const lost = oldIPs.filter((ip) => !curIPs.includes(ip));
    if (lost.length === 0) continue;
    const poolName = old.metadata.annotations?.[OWN_ANNOTATION] ?? '';
    const oldPool = before.pools.find((p) => p.name === poolName);
    if (poolText(oldPool) !== poolText(poolsNow.get(poolName))) continue;
    out.push({ kind: 'moved', subject: serviceKey(old), detail: `held ${oldIPs.join(',')}, now ${curIPs.join(',') || 'nothing'}; pool "${poolName}" unchanged` });
  }
  return out;
}

function checkAnswers(answers: ReadonlyMap<string, readonly string[]>): Violation[] {
  return [...answers]
    .filter(([, macs]) => new Set(macs).size !== 1)
    .map(([ip, macs]) => ({ kind: 'answerers' as const, subject: ip, detail: macs.length === 0 ? 'no MAC answered' : `answered by ${[...new Set(macs)].join(', ')}` }));
}

function checkWrites(acknowledged: Iterable<string>, present: ReadonlySet<string>): Violation[] {
  return [...acknowledged].filter((n) => !present.has(n)).map((n) => ({ kind: 'lostWrite' as const, subject: n, detail: 'acknowledged, then missing' }));
}

/** Every violation in what was seen, empty when all invariants hold. */
export function checkInvariants(input: InvariantInput): Violation[] {
  return [
    ...checkShared(input.now.services),
    ...checkInPools(input.now),
    ...(input.before ? checkMoves(input.before, input.now) : []),
    ...(input.answers ? checkAnswers(input.answers) : []),
    ...(input.acknowledged && input.present ? checkWrites(input.acknowledged, input.present) : []),
  ];
}

// Compatibility rules: which services a pinned pool serves, and which services may share one
// IP (same sharing key, no common port, same backend: Cluster with Cluster, Local with the
// same selector). Each check returns the reason it fails, or null.
import { selectorMatches } from '../config/label-selector';
import { formatIP, type IPAddr } from '../ip';
import type { AllocService, AllocatorPool, AllocPort } from './types';

/** One service's hold on one IP. */
export interface Holder {
  svcKey: string;
  sharingKey?: string;
  backendKey: string;
  ports: readonly AllocPort[];
}

/**
 * A pool without serviceAllocation serves everyone. A pinned one serves a service whose
 * namespace is listed or selected (when namespaces are given) and whose labels match a
 * serviceSelector (when selectors are given). Only `priority` set: everyone.
 */
export function isPoolCompatible(pool: AllocatorPool, service: AllocService): boolean {
  const sa = pool.serviceAllocation;
  if (!sa) return true;
  const namespaceGiven = sa.namespaces.length > 0 || sa.namespaceSelectors.length > 0;
  const namespaceOk =
    !namespaceGiven ||
    sa.namespaces.includes(service.namespace) ||
    sa.namespaceSelectors.some((s) => selectorMatches(s, service.namespaceLabels));
  const serviceOk = sa.serviceSelectors.length === 0 || sa.serviceSelectors.some((s) => selectorMatches(s, service.labels));
  return namespaceOk && serviceOk;
}

/** Services share an IP only with the same backend key: Cluster, or Local plus the exact selector. */
export function backendKeyOf(service: AllocService): string {
  if (service.externalTrafficPolicy !== 'Local') return 'Cluster';
  const pairs = Object.entries(service.selector)
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  return `Local:${pairs.join(',')}`;
}

const portText = (p: AllocPort): string => `${p.protocol.toUpperCase()}/${p.port}`;
const samePort = (a: AllocPort, b: AllocPort): boolean =>
  a.port === b.port && (a.protocol === b.protocol || a.protocol.toUpperCase() === b.protocol.toUpperCase());

function checkBackend(ip: IPAddr, mine: string, theirs: string): string | null {
  if (mine === theirs) return null;
  const ipText = formatIP(ip);
  if (mine === 'Cluster' || theirs === 'Cluster') {
    return `externalTrafficPolicy Cluster and Local services can't share "${ipText}"`;
  }
  return `services sharing "${ipText}" with externalTrafficPolicy Local must have the same selector`;
}

/** Whether `want` may hold `ip` next to its current holders (its own old hold ignored). */
export function checkSharing(ip: IPAddr, holders: readonly Holder[], want: Holder): string | null {
  const others = holders.filter((h) => h.svcKey !== want.svcKey);
  if (others.length === 0) return null;
  const first = others[0];
  if (!want.sharingKey || !first.sharingKey) return `"${formatIP(ip)}" is already in use by "${first.svcKey}"`;
  if (want.sharingKey !== first.sharingKey) {
    return `sharing key "${want.sharingKey}" does not match existing sharing key "${first.sharingKey}"`;
  }
  const backend = checkBackend(ip, want.backendKey, first.backendKey);
  if (backend) return backend;
  const clash = want.ports.find((p) => others.some((h) => h.ports.some((q) => samePort(p, q))));
  return clash ? `port ${portText(clash)} is already in use on "${formatIP(ip)}"` : null;
}

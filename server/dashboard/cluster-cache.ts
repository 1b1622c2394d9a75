// The dashboard's read side: one informer per kind it shows, started once per worker, feeding
// a change callback. The API server stays the truth; this is a watched copy, never written to.
import { setMaxListeners } from 'node:events';
import type { Kube } from '../kube/client';
import { unlessAborted, type Informer, type InformerEvent } from '../kube/informer';
import { openInformer, type InformerSet } from '../kube/informer-set';
import { RESOURCES, type ResourceName } from '../kube/resources';
import type { KubeObject } from '../kube/types';
import { speakerPodAsLease, type KubePodLite } from '../../lib/views/metallb-speakers';
import type { KubeConfigMap, KubeEndpointSlice, KubeEvent, KubeLease, KubeNode, KubeService } from '../../lib/shapes/kube';
import type { IPAddressPool } from '../../lib/schemas/ip-address-pool';
import type { L2Advertisement } from '../../lib/schemas/l2-advertisement';

export type CachedKind =
  | 'services'
  | 'endpointslices'
  | 'nodes'
  | 'leases'
  | 'ipaddresspools'
  | 'l2advertisements'
  | 'servicel2statuses'
  | 'events'
  | 'kubeProxy'
  | 'configurationstates'
  /** Namespace labels: pools' namespaceSelectors (the config preview) and label autocomplete. */
  | 'namespaces';
export type ChangeListener = (kind: CachedKind, event: InformerEvent<KubeObject>) => void;

/** What each cached kind holds: the shapes of lib/shapes/kube and lib/schemas. */
export interface CachedShapes {
  services: KubeService;
  endpointslices: KubeEndpointSlice;
  nodes: KubeNode;
  leases: KubeLease;
  ipaddresspools: IPAddressPool;
  l2advertisements: L2Advertisement;
  servicel2statuses: KubeObject;
  events: KubeEvent;
  kubeProxy: KubeConfigMap;
  configurationstates: KubeObject;
  namespaces: KubeObject;
}

/**
 * An object of a cached kind, as that kind's shape. The one place the cache's JSON meets the
 * declared shapes: the informers hold what the API server sent for exactly that kind.
 */
export const asShape = <K extends CachedKind>(_kind: K, object: KubeObject): CachedShapes[K] => object as unknown as CachedShapes[K];

export interface ClusterCache {
  start(signal: AbortSignal): void;
  /** True once every informer has listed at least once. */
  isSynced(): boolean;
  waitForSync(signal: AbortSignal): Promise<boolean>;
  informer(kind: CachedKind): Informer<KubeObject>;
  /** One object of a kind by key (`namespace/name`, or `name`), as its shape. */
  get<K extends CachedKind>(kind: K, key: string): CachedShapes[K] | undefined;
  list<K extends CachedKind>(kind: K): CachedShapes[K][];
  /** The first informer error seen while unsynced, for a 503 message. */
  describeTrouble(): string | undefined;
  /** Since when the cluster has not answered (the earliest failing informer), and why; undefined when it does. */
  unreachable(): { since: number; error: string } | undefined;
}

interface Spec {
  resource: ResourceName;
  namespace?: string;
  fieldSelector?: string;
  /** A kind a cluster may lack (ConfigurationState before MetalLB 0.15.3): empty, not an error. */
  missingAsEmpty?: boolean;
}

/**
 * Where speaker membership comes from: ironlb's speaker Leases, or (MetalLB mode) MetalLB's
 * speaker pods, read as stand-in leases (lib/views/metallb-speakers).
 */
export type MembershipSource = 'leases' | 'metallbPods';

function specsFor(systemNamespace: string, membership: MembershipSource): Record<CachedKind, Spec> {
  return {
    services: { resource: 'services' },
    endpointslices: { resource: 'endpointslices' },
    nodes: { resource: 'nodes' },
    leases: membership === 'leases' ? { resource: 'leases', namespace: systemNamespace } : { resource: 'pods', namespace: systemNamespace },
    ipaddresspools: { resource: 'ipaddresspools', namespace: systemNamespace },
    l2advertisements: { resource: 'l2advertisements', namespace: systemNamespace },
    servicel2statuses: { resource: 'servicel2statuses', namespace: systemNamespace },
    events: { resource: 'events' },
    kubeProxy: { resource: 'configmaps', namespace: 'kube-system', fieldSelector: 'metadata.name=kube-proxy' },
    configurationstates: { resource: 'configurationstates', namespace: systemNamespace, missingAsEmpty: true },
    namespaces: { resource: 'namespaces' },
  };
}

/** A dashboard should recover quickly once the cluster is back: cap the backoff at 5 s. */
const BACKOFF = { baseMs: 200, capMs: 5_000 };

export interface ClusterCacheOptions {
  membership?: MembershipSource;
  /** Informers shared with the other readers of this process (the embedded cluster's). */
  informers?: InformerSet;
}

export function createClusterCache(
  kube: Kube,
  systemNamespace: string,
  onChange: ChangeListener,
  { membership = 'leases', informers: shared }: ClusterCacheOptions = {},
): ClusterCache {
  const specs = specsFor(systemNamespace, membership);
  const informers = new Map<CachedKind, Informer<KubeObject>>();
  for (const [kind, spec] of Object.entries(specs) as [CachedKind, Spec][]) {
    informers.set(
      kind,
      openInformer<KubeObject>(shared, {
        kube,
        resource: RESOURCES[spec.resource],
        namespace: spec.namespace,
        fieldSelector: spec.fieldSelector,
        missingAsEmpty: spec.missingAsEmpty,
        backoff: BACKOFF,
        onEvent: (event) => onChange(kind, event),
      }),
    );
  }
  const all = [...informers.values()];
  return {
    start(signal) {
      // One listener on the caller's signal; the informers (and their watches) listen on ours.
      const inner = new AbortController();
      setMaxListeners(8 * all.length, inner.signal);
      if (signal.aborted) inner.abort();
      else signal.addEventListener('abort', () => inner.abort(), { once: true });
      for (const informer of all) void informer.start(inner.signal);
    },
    isSynced: () => all.every((i) => i.hasSynced()),
    waitForSync(signal) {
      // One listener on the caller's signal for all of them.
      return unlessAborted(Promise.all(all.map((i) => i.waitForSync())).then((results) => results.every(Boolean)), signal);
    },
    informer: (kind) => informers.get(kind) as Informer<KubeObject>,
    get: <K extends CachedKind>(kind: K, key: string) => {
      const o = (informers.get(kind) as Informer<KubeObject>).get(key);
      return o && asShape(kind, o);
    },
    list: <K extends CachedKind>(kind: K): CachedShapes[K][] => {
      const items = (informers.get(kind) as Informer<KubeObject>).list();
      if (kind === 'leases' && membership === 'metallbPods') {
        return items.map((pod) => speakerPodAsLease(pod as KubePodLite)).filter((l) => l !== undefined) as CachedShapes[K][];
      }
      return items.map((o) => asShape(kind, o));
    },
    describeTrouble: () => all.map((i) => i.stats().lastError).find(Boolean),
    unreachable: () => {
      const failing = all.map((i) => i.stats()).filter((s) => s.failingSince !== undefined);
      if (failing.length === 0) return undefined;
      const first = failing.reduce((a, b) => (b.failingSince! < a.failingSince! ? b : a));
      return { since: first.failingSince!, error: first.lastError ?? 'no answer' };
    },
  };
}

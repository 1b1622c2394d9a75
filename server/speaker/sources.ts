// The informers a speaker reads (Services, EndpointSlices, Nodes, pools, L2Advertisements,
// ServiceL2Statuses, speaker Leases), bundled so simulated speakers in one process share one
// set of watches instead of opening seven per node. Reads only; never writes.
import { getMaxListeners, setMaxListeners } from 'node:events';
import {
  openInformer,
  RESOURCES,
  unlessAborted,
  type Informer,
  type InformerEvent,
  type InformerSet,
  type KubeApi,
  type KubeObject,
  type Logger,
} from '../kube';

export const SPEAKER_LEASE_LABELS = {
  'app.kubernetes.io/name': 'ironlb',
  'app.kubernetes.io/component': 'speaker',
} as const;
export const SPEAKER_LEASE_SELECTOR = Object.entries(SPEAKER_LEASE_LABELS)
  .map(([k, v]) => `${k}=${v}`)
  .join(',');
/** Which node a speaker Lease belongs to (also derivable from its name). */
export const LEASE_NODE_LABEL = 'ironlb.io/node';
export const LEASE_NAME_PREFIX = 'ironlb-speaker-';

export type SourceKind =
  | 'services'
  | 'endpointslices'
  | 'nodes'
  | 'ipaddresspools'
  | 'l2advertisements'
  | 'servicel2statuses'
  | 'leases';

export interface SourceChange {
  kind: SourceKind;
  event: InformerEvent<KubeObject>;
}

export interface SpeakerSources {
  readonly informers: Readonly<Record<SourceKind, Informer<KubeObject>>>;
  /** Runs every informer until the signal aborts. */
  start(signal: AbortSignal): Promise<void>;
  /** Resolves true once every informer has listed once. */
  waitForSync(signal?: AbortSignal): Promise<boolean>;
  hasSynced(): boolean;
  subscribe(listener: (change: SourceChange) => void): () => void;
}

export interface SpeakerSourcesOptions {
  kube: KubeApi;
  systemNamespace: string;
  logger?: Logger;
  /** Informers shared with the other readers of this process (the embedded cluster's). */
  informers?: InformerSet;
}

export function createSpeakerSources(opts: SpeakerSourcesOptions): SpeakerSources {
  const listeners = new Set<(change: SourceChange) => void>();
  const make = (
    kind: SourceKind,
    extra: { namespace?: string; labelSelector?: string } = {},
  ): Informer<KubeObject> =>
    openInformer<KubeObject>(opts.informers, {
      kube: opts.kube,
      resource: RESOURCES[kind],
      logger: opts.logger,
      stripManagedFields: true,
      ...extra,
      onEvent: (event) => {
        for (const l of listeners) l({ kind, event });
      },
    });
  const ns = { namespace: opts.systemNamespace };
  const informers: Record<SourceKind, Informer<KubeObject>> = {
    services: make('services'),
    endpointslices: make('endpointslices'),
    nodes: make('nodes'),
    ipaddresspools: make('ipaddresspools', ns),
    l2advertisements: make('l2advertisements', ns),
    servicel2statuses: make('servicel2statuses', ns),
    leases: make('leases', { ...ns, labelSelector: SPEAKER_LEASE_SELECTOR }),
  };
  const all = Object.values(informers);
  return {
    informers,
    async start(signal) {
      // Each informer listens on the signal while it lists, watches or waits to retry (two at a
      // time at most): with Node's default of 10, seven informers drew a false leak warning.
      setMaxListeners(Math.max(getMaxListeners(signal), 2 * all.length + 10), signal);
      await Promise.all(all.map((i) => i.start(signal)));
    },
    waitForSync(signal) {
      // One listener on the signal for all of them.
      return unlessAborted(Promise.all(all.map((i) => i.waitForSync())).then((results) => results.every(Boolean)), signal);
    },
    hasSynced: () => all.every((i) => i.hasSynced()),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

// What the dashboard needs from the worker runtime (server/worker/runtime.ts, owned by the lead):
// a cluster connection, the system namespace, and the push channel to the host.
import type { Kube } from '../kube/client';
import type { InformerSet } from '../kube/informer-set';
import type { RuntimeDescription } from '../../lib/contract/worker-ops';

export interface DashboardRuntime {
  /** The cluster connection, once the runtime has one (embedded API server or real cluster). */
  kube?: Kube;
  /** The embedded cluster's shared informers: the dashboard reads the same caches as its controller and speakers. */
  informers?: InformerSet;
  /** Namespace of the metallb.io resources and speaker leases (default metallb-system). */
  systemNamespace?: string;
  /** loadBalancerClass the controller handles; unset means "services without a class". */
  loadBalancerClass?: string;
  /** Where the dashboard keeps its own store (the history ledger); none: no history. */
  dataDir?: string;
  push(topic: string, data: unknown): void;
  describe(): RuntimeDescription;
}

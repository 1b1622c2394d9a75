// createKube: loads a KubeConfig (explicit path, KUBECONFIG, or in-cluster) and builds the
// typed clients and the generic requester every other server/kube module uses.
import { KubeConfig } from '@kubernetes/client-node';
import { createRequester, type Requester } from './request';
import { createWatcher, type Watcher } from './watch';

export type { Watcher };

export interface Kube {
  kc: KubeConfig;
  /**
   * Generic request bound to the current context; used by objects/informer/events/lease. (No
   * typed clients: nothing used them, and they are most of client-node's code to load.)
   */
  request: Requester;
  /** Watches bound to the same context and credentials (server/kube/watch.ts): what informers use. */
  watch: Watcher;
}

/**
 * The part of a Kube that reads, writes and watches objects: two functions. Objects, events, Leases,
 * leader election and informers take only this, so the controller's and the speaker's logic runs
 * against anything that answers requests and watches.
 */
export type KubeApi = Pick<Kube, 'request' | 'watch'>;

export interface CreateKubeOptions {
  /** Explicit kubeconfig file. Else KUBECONFIG, else in-cluster, else ~/.kube/config. */
  kubeconfigPath?: string;
  /** An already-loaded config (tests, or a caller that built one from a string). */
  kubeConfig?: KubeConfig;
  /** Context to use instead of current-context. */
  context?: string;
  /**
   * In-cluster configuration read below this directory instead of / (the token and CA at
   * <prefix>/var/run/secrets/kubernetes.io/serviceaccount): tests standing in for several Pods.
   */
  inClusterPathPrefix?: string;
}

export function loadKubeConfig(opts: CreateKubeOptions = {}): KubeConfig {
  if (opts.kubeConfig) return opts.kubeConfig;
  const kc = new KubeConfig();
  if (opts.inClusterPathPrefix !== undefined) kc.loadFromCluster(opts.inClusterPathPrefix);
  else if (opts.kubeconfigPath) kc.loadFromFile(opts.kubeconfigPath);
  else if (process.env.KUBECONFIG) kc.loadFromDefault();
  else if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  else kc.loadFromDefault();
  if (opts.context) kc.setCurrentContext(opts.context);
  if (!kc.getCurrentCluster()) throw new Error('no Kubernetes cluster configured (kubeconfig has no current cluster)');
  return kc;
}

export function createKube(opts: CreateKubeOptions = {}): Kube {
  const kc = loadKubeConfig(opts);
  return { kc, request: createRequester(kc), watch: createWatcher(kc) };
}

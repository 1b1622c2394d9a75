// The per-kind hooks a write goes through (defaulting + validation, then admission), and what they may read.
// Hooks must be synchronous: a write reads state, decides and commits without yielding.
import type { ApiError } from './status-errors';
import type { ServiceAllocator } from './service-allocator';
import type { Store } from './store';
import type { FieldError, KubeObject } from './types';

export interface WriteContext {
  store: Store;
  allocator: ServiceAllocator;
  /** MetalLB's system namespace (resources elsewhere are rejected by admission). */
  systemNamespace: string;
  /** The cluster CA (PEM): kube-root-ca.crt in every namespace, and ca.crt in ServiceAccount token Secrets. */
  caPem: string;
  /**
   * false: no validating admission (MetalLB's webhooks), as on a real cluster where none is
   * installed (ironlb installs none): cross-object problems reach the controller.
   */
  webhooks?: boolean;
}

export interface Strategy {
  /** Defaults and validates `obj` in place; `old` is the stored object on update. */
  prepare?(obj: KubeObject, old: KubeObject | undefined, ctx: WriteContext): FieldError[];
  /** Normalises a write through /status (prepare does not run there). */
  prepareStatus?(obj: KubeObject): void;
  /** Validating admission, like a webhook: runs after prepare, on the main resource only. */
  admit?(obj: KubeObject, old: KubeObject | undefined, ctx: WriteContext): ApiError | undefined;
}

/** Converts between the wire form of one API version and the stored form (events.k8s.io/v1 <-> core/v1). */
export interface ObjectView {
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
  /** Field selector names of this version mapped to stored paths. */
  fields: Record<string, string>;
}

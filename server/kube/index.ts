// Public face of server/kube: the one place ironlb talks to Kubernetes through client-node.
export { createKube, loadKubeConfig, type Kube, type KubeApi, type CreateKubeOptions } from './client';
export { RESOURCES, apiVersionOf, resourcePath, keyOf, splitKey, type ResourceRef, type ResourceName } from './resources';
export type { KubeObject, KubeList, ObjectMeta, ObjectName, Logger } from './types';
export { silentLogger } from './types';
export {
  getObject,
  listObjects,
  createObject,
  replaceObject,
  patchObject,
  deleteObject,
  updateWithRetry,
  withTypeMeta,
  PATCH_TYPES,
  type PatchType,
  type UpdateOutcome,
  type UpdateOptions,
  type ListOptions,
  type WriteOptions,
} from './objects';
export { createInformer, isStatusOnlyChange, unlessAborted, watchResource, type Informer, type InformerEvent, type InformerOptions } from './informer';
export { createInformerSet, openInformer, type InformerSet, type InformerSetOptions, type SharedInformerOptions } from './informer-set';
export { createEventRecorder, type EventRecorder, type EventType, type InvolvedObject } from './events';
export {
  tryAcquireLease,
  releaseLease,
  readLease,
  isLeaseExpired,
  formatMicroTime,
  LEASE_DURATION_ANNOTATION,
  type LeaseObject,
  type LeaseView,
  type AcquireResult,
} from './lease';
export { createLeaderElection, type LeaderElection, type LeaderElectionOptions } from './leader-election';
export { backoffDelay, sleep, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
export { statusCodeOf, isNotFound, isConflict, isGone, isAlreadyExists, describeError } from './errors';

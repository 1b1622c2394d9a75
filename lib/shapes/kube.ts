// The shapes of Kubernetes objects, declared once for lib/, server/kube and server/apiserver: the
// fields ironlb reads, as plain types (lib/ never imports client-node, and runs in the browser
// too). Objects from an API server carry more; every interface here is a structural subset, open
// (an index signature) only where code passes whole objects through.

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: { [key: string]: unknown }[];
  [field: string]: unknown;
}

/** Any object: metadata, and whatever else it carries. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface KubeList<T> {
  items: T[];
  resourceVersion: string;
}

/** A port of a Service's spec (core/v1 ServicePort, the fields read). */
export interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
}

export interface KubeService {
  metadata: ObjectMeta;
  spec?: {
    type?: string;
    ports?: ServicePort[];
    externalTrafficPolicy?: string;
    loadBalancerClass?: string;
    loadBalancerIP?: string;
    selector?: Record<string, string>;
    clusterIP?: string;
    clusterIPs?: string[];
    ipFamilies?: string[];
    ipFamilyPolicy?: string;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface KubeEndpointSlice {
  metadata: ObjectMeta;
  endpoints?: {
    addresses?: string[];
    nodeName?: string;
    conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
  }[];
}

export interface KubeNode {
  metadata: ObjectMeta;
  spec?: { podCIDR?: string; podCIDRs?: string[] };
  status?: {
    conditions?: { type?: string; status?: string }[];
    addresses?: { type: string; address: string }[];
  };
}

export interface KubeLease {
  metadata: ObjectMeta;
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    renewTime?: string;
    acquireTime?: string;
  };
}

export interface KubeEvent {
  metadata: ObjectMeta;
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string; host?: string };
}

export interface KubeConfigMap {
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

/** The label selecting a Service's EndpointSlices (discovery.k8s.io/v1). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export const keyOf = (meta: ObjectMeta): string => `${meta.namespace ?? ''}/${meta.name ?? ''}`;

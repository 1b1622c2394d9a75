// The few fields of Kubernetes objects the dashboard reads, as plain types (lib/ never imports
// client-node). Objects arriving from the API server carry more; these are structural subsets.
export interface Meta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
}

export interface KubeService {
  metadata: Meta;
  spec?: {
    type?: string;
    ports?: ServicePort[];
    externalTrafficPolicy?: string;
    loadBalancerClass?: string;
    loadBalancerIP?: string;
    selector?: Record<string, string>;
    clusterIP?: string;
    clusterIPs?: string[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface KubeEndpointSlice {
  metadata: Meta;
  endpoints?: {
    addresses?: string[];
    nodeName?: string;
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  }[];
}

export interface KubeNode {
  metadata: Meta;
  spec?: { podCIDR?: string; podCIDRs?: string[] };
  status?: {
    conditions?: { type: string; status: string }[];
    addresses?: { type: string; address: string }[];
  };
}

export interface KubeLease {
  metadata: Meta;
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    renewTime?: string;
    acquireTime?: string;
  };
}

export interface KubeEvent {
  metadata: Meta;
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
  metadata: Meta;
  data?: Record<string, string>;
}

/** The label selecting a Service's EndpointSlices (discovery.k8s.io/v1). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export const keyOf = (meta: Meta): string => `${meta.namespace ?? ''}/${meta.name ?? ''}`;

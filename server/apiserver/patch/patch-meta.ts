// Strategic-merge metadata for the built-in kinds we serve: which lists merge by key, which are sets.
// Lists not named here are atomic (replaced), as in the Kubernetes API types.
import type { PatchMeta } from '../types';

const conditions: PatchMeta = { list: { mergeKey: 'type' } };

export const objectMetaPatchMeta: PatchMeta = {
  fields: {
    ownerReferences: { list: { mergeKey: 'uid' } },
    finalizers: { list: 'set' },
  },
};

const withMeta = (fields: Record<string, PatchMeta>): PatchMeta => ({ fields: { metadata: objectMetaPatchMeta, ...fields } });

const containerMeta: PatchMeta = {
  fields: {
    ports: { list: { mergeKey: 'containerPort', extraKeys: ['protocol'] } },
    env: { list: { mergeKey: 'name' } },
    volumeMounts: { list: { mergeKey: 'mountPath' } },
  },
};

/** PodSpec merge keys (containers by name...), for pods and the pod templates of workloads. */
export const podSpecPatchMeta: PatchMeta = {
  fields: {
    containers: { list: { mergeKey: 'name' }, items: containerMeta },
    initContainers: { list: { mergeKey: 'name' }, items: containerMeta },
    volumes: { list: { mergeKey: 'name' } },
    imagePullSecrets: { list: { mergeKey: 'name' } },
    tolerations: {},
    hostAliases: { list: { mergeKey: 'ip' } },
  },
};

const workloadMeta = withMeta({
  spec: { fields: { template: { fields: { metadata: objectMetaPatchMeta, spec: podSpecPatchMeta } } } },
  status: { fields: { conditions } },
});

/** By storage key; a built-in kind missing here still merges metadata lists by key. */
export const builtinPatchMeta: Record<string, PatchMeta> = {
  services: withMeta({
    spec: { fields: { ports: { list: { mergeKey: 'port', extraKeys: ['protocol'] } } } },
    status: { fields: { conditions } },
  }),
  nodes: withMeta({
    spec: { fields: { podCIDRs: { list: 'set' } } },
    status: { fields: { conditions, addresses: { list: { mergeKey: 'type' } } } },
  }),
  namespaces: withMeta({ status: { fields: { conditions } } }),
  pods: withMeta({ spec: podSpecPatchMeta, status: { fields: { conditions } } }),
  'deployments.apps': workloadMeta,
  'daemonsets.apps': workloadMeta,
  'replicasets.apps': workloadMeta,
  'statefulsets.apps': workloadMeta,
  serviceaccounts: withMeta({ secrets: { list: { mergeKey: 'name' } } }),
  'customresourcedefinitions.apiextensions.k8s.io': withMeta({ status: { fields: { conditions } } }),
};

export const defaultBuiltinPatchMeta: PatchMeta = withMeta({});

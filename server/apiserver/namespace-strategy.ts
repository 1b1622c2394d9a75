// The write hook of Namespace: its own name as a label, the kubernetes finalizer, phase Active.
import { isMap } from './json-path';
import type { Strategy } from './strategy';

export const namespaceStrategy: Strategy = {
  prepare(obj, old) {
    const name = obj.metadata.name ?? '';
    // Since Kubernetes 1.21 every namespace carries its own name as a label.
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name };
    obj.spec = isMap(obj.spec) ? obj.spec : {};
    (obj.spec as Record<string, unknown>).finalizers ??= ['kubernetes'];
    if (!old) obj.status = { phase: 'Active' };
    return [];
  },
};

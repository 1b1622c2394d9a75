// Write hooks for the kinds that need only a few lines: Namespace, CustomResourceDefinition, EndpointSlice,
// Pod (Pending until a kubelet reports) and the apps workloads (selector checks, replicas default).
import { asMap, asString, isMap, readPath } from './json-path';
import { fieldErrors } from './status-errors';
import type { Strategy } from './strategy';
import type { FieldError } from './types';

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

export const crdStrategy: Strategy = {
  prepare(obj) {
    const plural = asString(readPath(obj, 'spec.names.plural'));
    const group = asString(readPath(obj, 'spec.group'));
    const errors: FieldError[] = [];
    if (!group) errors.push(fieldErrors.required('spec.group'));
    if (!plural) errors.push(fieldErrors.required('spec.names.plural'));
    if (errors.length === 0 && obj.metadata.name !== `${plural}.${group}`) {
      errors.push(fieldErrors.invalid('metadata.name', obj.metadata.name, 'must be spec.names.plural+"."+spec.group'));
    }
    return errors;
  },
};

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

export const endpointSliceStrategy: Strategy = {
  prepare(obj) {
    if (obj.addressType === undefined) return [fieldErrors.required('addressType')];
    if (!ADDRESS_TYPES.includes(String(obj.addressType))) return [fieldErrors.notSupported('addressType', obj.addressType, ADDRESS_TYPES)];
    return [];
  },
};

export const podStrategy: Strategy = {
  prepare(obj, old) {
    // A new pod waits for its kubelet, which reports through /status.
    if (!old) obj.status = { phase: 'Pending' };
    return [];
  },
};

/** Deployments, DaemonSets, ReplicaSets: a selector that matches the template's labels, as the apps validation wants. */
export const workloadStrategy: Strategy = {
  prepare(obj) {
    if (!isMap(obj.spec)) return [fieldErrors.required('spec')];
    const spec = obj.spec;
    if (obj.kind !== 'DaemonSet' && spec.replicas === undefined) spec.replicas = 1;
    if (!isMap(spec.selector)) return [fieldErrors.required('spec.selector')];
    const labels = asMap(readPath(spec, 'template.metadata.labels'));
    const wanted = asMap(spec.selector.matchLabels);
    const mismatch = Object.entries(wanted).some(([k, v]) => labels[k] !== v);
    if (mismatch) return [fieldErrors.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`')];
    return [];
  },
};

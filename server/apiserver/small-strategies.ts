// Write hooks for the kinds that need only a line or two: Namespace, CustomResourceDefinition, EndpointSlice.
import { asString, isMap, readPath } from './json-path';
import { fieldErrors } from './status-errors';
import type { Strategy } from './strategy';
import type { FieldError, KubeObject } from './types';

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

const NODE_INFO_FIELDS = ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion',
  'kubeProxyVersion', 'operatingSystem', 'architecture'];

/**
 * Node: status.nodeInfo and daemonEndpoints are plain (not omitempty) structs in the Go types, so a real
 * server always shows every field, "" or 0 until a kubelet reports them; clients such as Python's
 * kubernetes refuse a Node without them.
 */
function completeNodeStatus(obj: KubeObject) {
  const status = isMap(obj.status) ? obj.status : {};
  const info = isMap(status.nodeInfo) ? status.nodeInfo : {};
  for (const f of NODE_INFO_FIELDS) if (typeof info[f] !== 'string') info[f] = '';
  status.nodeInfo = info;
  if (!isMap(status.daemonEndpoints)) status.daemonEndpoints = { kubeletEndpoint: { Port: 0 } };
  obj.status = status;
}

export const nodeStrategy: Strategy = {
  prepare(obj) {
    completeNodeStatus(obj);
    return [];
  },
  prepareStatus: completeNodeStatus,
};

// Write hooks for the kinds that need only a line or two: Namespace, CustomResourceDefinition, EndpointSlice.
import { asString, isMap, readPath } from './json-path';
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

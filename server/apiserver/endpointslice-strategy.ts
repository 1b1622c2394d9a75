// The write hook of EndpointSlice: addressType is required and one of the three Kubernetes knows.
import { fieldErrors } from './status-errors';
import type { Strategy } from './strategy';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

export const endpointSliceStrategy: Strategy = {
  prepare(obj) {
    if (obj.addressType === undefined) return [fieldErrors.required('addressType')];
    if (!ADDRESS_TYPES.includes(String(obj.addressType))) return [fieldErrors.notSupported('addressType', obj.addressType, ADDRESS_TYPES)];
    return [];
  },
};

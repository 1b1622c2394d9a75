// The write hook of Node: status.nodeInfo and daemonEndpoints always complete, as a real server
// shows them.
import { isMap } from './json-path';
import type { Strategy } from './strategy';
import type { KubeObject } from './types';

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

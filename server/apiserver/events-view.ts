// events.k8s.io/v1 as a view of the core/v1 Events we store: field renames both ways, and v1's required fields.
// One storage, two API versions, like a real API server.
import { isMap } from './json-path';
import { fieldErrors } from './status-errors';
import type { ObjectView, Strategy } from './strategy';
import type { KubeObject } from './types';

// [events.k8s.io/v1 field, core/v1 field]
const RENAMES: [string, string][] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];

function rename(obj: KubeObject, pairs: [string, string][], apiVersion: string): KubeObject {
  const out: KubeObject = { ...obj, apiVersion, kind: 'Event' };
  for (const [from, to] of pairs) {
    delete out[from];
    if (obj[from] !== undefined) out[to] = obj[from];
  }
  return out;
}

export const eventsV1View: ObjectView = {
  toStorage: (obj) => rename(obj, RENAMES, 'v1'),
  fromStorage: (obj) => rename(obj, RENAMES.map(([a, b]) => [b, a]), 'events.k8s.io/v1'),
  fields: {
    'regarding.kind': 'involvedObject.kind',
    'regarding.namespace': 'involvedObject.namespace',
    'regarding.name': 'involvedObject.name',
    'regarding.uid': 'involvedObject.uid',
    'regarding.apiVersion': 'involvedObject.apiVersion',
    'regarding.resourceVersion': 'involvedObject.resourceVersion',
    'regarding.fieldPath': 'involvedObject.fieldPath',
    reason: 'reason',
    reportingController: 'reportingComponent',
    type: 'type',
  },
};

/** events.k8s.io/v1 requires what core/v1 leaves optional; runs on the stored (core) form, named as in v1. */
export const eventsV1Strategy: Strategy = {
  prepare(obj) {
    const errors = [];
    if (!obj.eventTime) errors.push(fieldErrors.required('eventTime'));
    if (!obj.reportingComponent) errors.push(fieldErrors.required('reportingController'));
    if (!obj.reportingInstance) errors.push(fieldErrors.required('reportingInstance'));
    if (obj.involvedObject !== undefined && !isMap(obj.involvedObject)) errors.push(fieldErrors.invalid('regarding', obj.involvedObject, 'must be an object'));
    return errors;
  },
};

// Write hooks for Pods and the apps workloads (Deployment, DaemonSet, ReplicaSet): the API server's
// defaults (so `kubectl describe` and `-o yaml` read as on a real cluster) and the selector checks.
// Stored only: nothing here schedules, pulls images or runs containers.
import { asList, isMap, readPath } from './json-path';
import { fieldErrors } from './status-errors';
import type { Strategy } from './strategy';
import type { FieldError, KubeObject } from './types';

type Obj = Record<string, unknown>;

/** `??=` for a field of a JSON map. */
function fill(m: Obj, key: string, value: unknown) {
  if (m[key] === undefined) m[key] = value;
}

function imagePullPolicyOf(image: unknown): string {
  const ref = typeof image === 'string' ? image : '';
  if (ref.includes('@')) return 'IfNotPresent';
  const tag = /:([^/:]+)$/.exec(ref)?.[1];
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Obj) {
  fill(c, 'terminationMessagePath', '/dev/termination-log');
  fill(c, 'terminationMessagePolicy', 'File');
  fill(c, 'imagePullPolicy', imagePullPolicyOf(c.image));
  fill(c, 'resources', {});
  for (const p of asList(c.ports)) if (isMap(p)) fill(p, 'protocol', 'TCP');
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
    if (!isMap(probe)) continue;
    if (isMap(probe.httpGet)) fill(probe.httpGet, 'scheme', 'HTTP');
    fill(probe, 'timeoutSeconds', 1);
    fill(probe, 'periodSeconds', 10);
    fill(probe, 'successThreshold', 1);
    fill(probe, 'failureThreshold', 3);
  }
}

/** PodSpec defaults of the core/v1 defaulting functions that show in `kubectl describe`. */
export function defaultPodSpec(spec: Obj) {
  fill(spec, 'restartPolicy', 'Always');
  fill(spec, 'terminationGracePeriodSeconds', 30);
  fill(spec, 'dnsPolicy', 'ClusterFirst');
  fill(spec, 'securityContext', {});
  fill(spec, 'schedulerName', 'default-scheduler');
  if (spec.serviceAccountName !== undefined) fill(spec, 'serviceAccount', spec.serviceAccountName);
  for (const c of [...asList(spec.containers), ...asList(spec.initContainers)]) if (isMap(c)) defaultContainer(c);
}

function validatePodSpec(spec: unknown, path: string): FieldError[] {
  if (!isMap(spec)) return [fieldErrors.required(path)];
  const containers = asList(spec.containers);
  if (containers.length === 0) return [fieldErrors.required(`${path}.containers`)];
  return containers.flatMap((c, i) => (isMap(c) && typeof c.name === 'string' && c.name !== '' ? [] : [fieldErrors.required(`${path}.containers[${i}].name`)]));
}

export const podStrategy: Strategy = {
  prepare(obj, old) {
    const errors = validatePodSpec(obj.spec, 'spec');
    if (errors.length > 0) return errors;
    defaultPodSpec(obj.spec as Obj);
    // A new pod waits for its kubelet, which reports through /status.
    if (!old) obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
    return [];
  },
};

const ROLLING = { maxUnavailable: '25%', maxSurge: '25%' };

function defaultWorkloadSpec(obj: KubeObject, spec: Obj) {
  if (obj.kind === 'DaemonSet') {
    fill(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  } else {
    fill(spec, 'replicas', 1);
  }
  if (obj.kind === 'StatefulSet') {
    fill(spec, 'podManagementPolicy', 'OrderedReady');
    fill(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    fill(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
  }
  if (obj.kind === 'Deployment') {
    fill(spec, 'strategy', {});
    const strategy = spec.strategy as Obj;
    fill(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') fill(strategy, 'rollingUpdate', { ...ROLLING });
    fill(spec, 'progressDeadlineSeconds', 600);
  }
  if (obj.kind !== 'ReplicaSet') fill(spec, 'revisionHistoryLimit', 10);
  if (isMap(readPath(spec, 'template.spec'))) defaultPodSpec(readPath(spec, 'template.spec') as Obj);
}

/** Deployments, DaemonSets, ReplicaSets, StatefulSets: a selector that matches the template's labels, as the apps validation wants. */
export const workloadStrategy: Strategy = {
  prepare(obj) {
    if (!isMap(obj.spec)) return [fieldErrors.required('spec')];
    const spec = obj.spec;
    if (!isMap(spec.selector)) return [fieldErrors.required('spec.selector')];
    const errors = validatePodSpec(readPath(spec, 'template.spec'), 'spec.template.spec');
    if (errors.length > 0) return errors;
    const labels = readPath(spec, 'template.metadata.labels');
    const have = isMap(labels) ? labels : {};
    const wanted = isMap(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
    if (Object.entries(wanted).some(([k, v]) => have[k] !== v)) {
      return [fieldErrors.invalid('spec.template.metadata.labels', have, '`selector` does not match template `labels`')];
    }
    defaultWorkloadSpec(obj, spec);
    return [];
  },
};

/** PodDisruptionBudget: one of minAvailable and maxUnavailable; a new one's status is the zero status its controller then fills. */
export const podDisruptionBudgetStrategy: Strategy = {
  prepare(obj, old) {
    const spec = isMap(obj.spec) ? obj.spec : {};
    obj.spec = spec;
    if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
      return [fieldErrors.invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set')];
    }
    if (!old) obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    return [];
  },
};

import { describe, expect, it } from 'vitest';
import type { KubeObject } from './types';
import { podStrategy, workloadStrategy } from './workload-strategy';

const ctx = undefined as never;
const labels = { app: 'echoserver' };
const deployment = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'echoserver' }, spec });
const template = (containers: unknown[] = [{ name: 'echoserver', image: 'cilium/echoserver' }], l: Record<string, string> = labels) =>
  ({ metadata: { labels: l }, spec: { containers } });

describe('workload strategy', () => {
  it.each([
    ['no spec', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } } as KubeObject, 'spec'],
    ['no selector', deployment({ template: template() }), 'spec.selector'],
    ['no containers', deployment({ selector: { matchLabels: labels }, template: template([]) }), 'spec.template.spec.containers'],
    ['a container without a name', deployment({ selector: { matchLabels: labels }, template: template([{ image: 'x' }]) }), 'spec.template.spec.containers[0].name'],
    ['a selector the template does not match', deployment({ selector: { matchLabels: { app: 'other' } }, template: template() }), 'spec.template.metadata.labels'],
  ])('rejects a deployment with %s', (_name, obj, field) => {
    expect(workloadStrategy.prepare!(obj, undefined, ctx).map((e) => e.field)).toEqual([field]);
  });

  it('defaults a deployment as the API server does: one replica, rolling update, pod and container defaults', () => {
    const obj = deployment({ selector: { matchLabels: labels }, template: template([{ name: 'c', image: 'cilium/echoserver', ports: [{ containerPort: 80 }] }]) });
    expect(workloadStrategy.prepare!(obj, undefined, ctx)).toEqual([]);
    const spec = obj.spec as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(spec.replicas).toBe(1);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30 });
    expect(spec.template.spec.containers[0]).toMatchObject({ imagePullPolicy: 'Always', ports: [{ containerPort: 80, protocol: 'TCP' }], terminationMessagePath: '/dev/termination-log' });
  });

  it.each([
    ['quay.io/metallb/speaker:v0.12.1', 'IfNotPresent'],
    ['cilium/echoserver', 'Always'],
    ['nginx:latest', 'Always'],
    ['localhost:5000/app', 'Always'],
    ['nginx@sha256:abc', 'IfNotPresent'],
  ])('pulls %s with policy %s', (image, policy) => {
    const obj = deployment({ selector: { matchLabels: labels }, template: template([{ name: 'c', image }]) });
    workloadStrategy.prepare!(obj, undefined, ctx);
    expect((obj.spec as any).template.spec.containers[0].imagePullPolicy).toBe(policy); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it('keeps what the manifest says and gives a daemonset no replicas', () => {
    const obj: KubeObject = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'speaker' },
      spec: { selector: { matchLabels: labels }, revisionHistoryLimit: 3, template: { ...template(), spec: { containers: [{ name: 's', image: 'i:1' }], terminationGracePeriodSeconds: 2 } } } };
    expect(workloadStrategy.prepare!(obj, undefined, ctx)).toEqual([]);
    const spec = obj.spec as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(spec.replicas).toBeUndefined();
    expect(spec.revisionHistoryLimit).toBe(3);
    expect(spec.template.spec.terminationGracePeriodSeconds).toBe(2);
    expect(spec.updateStrategy.type).toBe('RollingUpdate');
  });
});

describe('pod strategy', () => {
  it('starts a new pod Pending, waiting for a kubelet', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    expect(podStrategy.prepare!(pod, undefined, ctx)).toEqual([]);
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('rejects a pod without containers', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} };
    expect(podStrategy.prepare!(pod, undefined, ctx).map((e) => e.field)).toEqual(['spec.containers']);
  });
});

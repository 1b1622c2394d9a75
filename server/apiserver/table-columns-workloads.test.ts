import { describe, expect, it } from 'vitest';
import type { KubeObject } from './types';
import { describePodState, formatLabelSelector, workloadTables } from './table-columns-workloads';

const pod = (status: Record<string, unknown>, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp: '2024-01-01T00:00:00Z', ...extra },
  spec: { containers: [{ name: 'c' }] }, status,
});
const running = (ready: boolean, restartCount = 0) => ({ name: 'c', ready, restartCount, state: { running: { startedAt: '2024-01-01T00:00:00Z' } } });

describe('pod READY and STATUS as kubectl prints them', () => {
  it.each([
    ['a pending pod', pod({ phase: 'Pending' }), { ready: '0/1', status: 'Pending', restarts: 0 }],
    ['a running ready pod', pod({ phase: 'Running', containerStatuses: [running(true)] }), { ready: '1/1', status: 'Running', restarts: 0 }],
    ['a running pod failing readiness', pod({ phase: 'Running', containerStatuses: [running(false, 2)] }), { ready: '0/1', status: 'Running', restarts: 2 }],
    ['a container still being created', pod({ phase: 'Pending', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }),
      { ready: '0/1', status: 'ContainerCreating', restarts: 0 }],
    ['a crash-looping container', pod({ phase: 'Running', containerStatuses: [{ name: 'c', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }),
      { ready: '0/1', status: 'CrashLoopBackOff', restarts: 5 }],
    ['a pod being deleted', pod({ phase: 'Running', containerStatuses: [running(true)] }, { deletionTimestamp: '2024-01-01T00:00:01Z' }), { ready: '1/1', status: 'Terminating', restarts: 0 }],
  ])('%s', (_name, obj, want) => {
    expect(describePodState(obj)).toEqual(want);
  });
});

describe('label selectors as kubectl prints them', () => {
  it.each([
    [{ matchLabels: { component: 'controller', app: 'metallb' } }, 'app=metallb,component=controller'],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'gone', operator: 'DoesNotExist' }] }, '!gone,tier in (a,b)'],
    [{}, '<none>'],
  ])('%j reads %s', (selector, text) => {
    expect(formatLabelSelector(selector)).toBe(text);
  });
});

describe('ingress columns', () => {
  const now = Date.parse('2024-01-01T00:01:36Z');
  const ingress = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'ingress-echoserver-test', creationTimestamp: '2024-01-01T00:00:00Z' }, spec, status,
  });
  it.each([
    ['the seed ingress before any controller reports', ingress({ ingressClassName: 'nginx', rules: [{ host: 'echoserver.test' }] }),
      ['ingress-echoserver-test', 'nginx', 'echoserver.test', '', '80', '96s']],
    ['with an address and TLS', ingress({ rules: [{ host: 'a' }, {}], tls: [{ hosts: ['a'] }] }, { loadBalancer: { ingress: [{ ip: '10.20.13.15' }] } }),
      ['ingress-echoserver-test', '<none>', 'a', '10.20.13.15', '80, 443', '96s']],
    ['with no hosts', ingress({ defaultBackend: {} }), ['ingress-echoserver-test', '<none>', '*', '', '80', '96s']],
  ])('%s', (_name, obj, cells) => {
    expect(workloadTables['ingresses.networking.k8s.io'].cells(obj, now)).toEqual(cells);
  });
});

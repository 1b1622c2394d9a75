import { describe, expect, it } from 'vitest';
import type { KubeObject, LeaseObject } from '../kube';
import { describePodState } from '../apiserver/table-columns-workloads';
import { describeDesiredPods, isQuietRenewal, nextPodState, podNameFor, podObject, podStatus, type PodState } from './pods-mirror';

const NOW = Date.parse('2024-01-01T00:00:10Z');
const node = (name: string, ip: string): KubeObject => ({ metadata: { name }, status: { addresses: [{ type: 'InternalIP', address: ip }] } });
const lease = (name: string, renewedMsAgo: number, durationMs = 2000, labels: Record<string, string> = {}): LeaseObject => ({
  metadata: { name, labels, annotations: { 'ironlb.io/lease-duration-ms': String(durationMs) } },
  spec: { holderIdentity: 'someone', renewTime: new Date(NOW - renewedMsAgo).toISOString(), leaseDurationSeconds: Math.ceil(durationMs / 1000) },
});

describe('which pods mirror what runs', () => {
  const nodes = [node('node02', '10.20.13.12'), node('node01', '10.20.13.11')];
  it('one controller and one speaker per node, live while their Lease is fresh', () => {
    const pods = describeDesiredPods(nodes, [lease('ironlb-controller', 1000, 15000), lease('ironlb-speaker-node01', 100), lease('ironlb-speaker-node02', 5000)], NOW);
    expect(pods.map((p) => [p.key, p.node, p.hostIP, p.live])).toEqual([
      ['controller', undefined, undefined, true],
      ['speaker/node01', 'node01', '10.20.13.11', true],
      ['speaker/node02', 'node02', '10.20.13.12', false],
    ]);
    expect(pods[1].expiresAt).toBe(NOW - 100 + 2000);
    expect(pods[2].expiresAt).toBeNull();
  });

  it('finds a speaker Lease by its node label too, and nothing is live without Leases', () => {
    const pods = describeDesiredPods([node('a', '192.0.2.1')], [lease('renamed', 0, 2000, { 'ironlb.io/node': 'a' })], NOW);
    expect(pods.map((p) => [p.key, p.live])).toEqual([['controller', false], ['speaker/a', true]]);
  });
});

describe('which Lease events the mirror reconciles for', () => {
  const held = (l: LeaseObject, holder: string): LeaseObject => ({ ...l, spec: { ...l.spec, holderIdentity: holder } });
  it('skips a live Lease renewed by the same holder', () => {
    expect(isQuietRenewal({ type: 'modified', key: 'x', old: lease('x', 600), object: lease('x', 100) }, NOW)).toBe(true);
  });
  it('looks at a new or deleted Lease, a new holder, a new duration, and a renewal after expiry', () => {
    expect(isQuietRenewal({ type: 'added', key: 'x', object: lease('x', 100) }, NOW)).toBe(false);
    expect(isQuietRenewal({ type: 'deleted', key: 'x', old: lease('x', 100), object: lease('x', 100) }, NOW)).toBe(false);
    expect(isQuietRenewal({ type: 'modified', key: 'x', old: lease('x', 600), object: held(lease('x', 100), 'other') }, NOW)).toBe(false);
    expect(isQuietRenewal({ type: 'modified', key: 'x', old: lease('x', 600), object: lease('x', 100, 4000) }, NOW)).toBe(false);
    expect(isQuietRenewal({ type: 'modified', key: 'x', old: lease('x', 5000), object: lease('x', 100) }, NOW)).toBe(false);
  });
});

describe('pod state over a Lease lifetime', () => {
  it.each<[PodState | undefined, boolean, PodState]>([
    [undefined, false, 'pending'],
    ['pending', false, 'pending'],
    [undefined, true, 'ready'],
    ['ready', false, 'lost'],
    ['lost', false, 'lost'],
    ['lost', true, 'ready'],
  ])('from %s with live=%s goes to %s', (previous, live, next) => {
    expect(nextPodState(previous, live)).toBe(next);
  });

  it.each<[PodState, number, string, string]>([
    ['pending', 0, '0/1', 'ContainerCreating'],
    ['ready', 0, '1/1', 'Running'],
    ['lost', 1, '0/1', 'Running'],
  ])('kubectl shows a %s speaker with %d restarts as %s %s', (state, restarts, ready, status) => {
    const d = { key: 'speaker/node01', role: 'speaker' as const, node: 'node01', hostIP: '10.20.13.11', lease: 'ironlb-speaker-node01', live: true, expiresAt: null };
    const pod: KubeObject = { ...podObject('speaker-bcdfg', 'metallb-system', d), status: podStatus('speaker', { state, hostIP: d.hostIP, startedAt: '2024-01-01T00:00:00Z', restarts }) };
    expect(describePodState(pod)).toEqual({ ready, status, restarts });
    expect(pod.spec).toMatchObject({ nodeName: 'node01' });
    expect(pod.metadata.labels).toMatchObject({ app: 'metallb', component: 'speaker' });
  });
});

describe('pod names', () => {
  it.each([
    ['controller', /^controller-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/],
    ['speaker', /^speaker-[bcdfghjklmnpqrstvwxz2456789]{5}$/],
  ] as const)('%s pods are named like a ReplicaSet or DaemonSet would name them', (role, pattern) => {
    expect(podNameFor(role)).toMatch(pattern);
  });

  it('keeps the controller template hash stable across names', () => {
    expect(podNameFor('controller').slice(0, 21)).toBe(podNameFor('controller').slice(0, 21));
  });
});

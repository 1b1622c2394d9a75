import { describe, expect, it } from 'vitest';
import { assessLease, nodeOfLease } from './node-view';
import { speakerPodAsLease, type KubePodLite } from './metallb-speakers';

const pod = (over: Partial<KubePodLite> & { ready?: string; labels?: Record<string, string> } = {}): KubePodLite => ({
  metadata: { name: 'speaker-x', namespace: 'metallb-system', labels: over.labels ?? { app: 'metallb', component: 'speaker' } },
  spec: { nodeName: 'node1' },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: over.ready ?? 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] },
  ...(over.status ? { status: over.status } : {}),
});

describe("MetalLB's speaker pods as membership", () => {
  const now = Date.parse('2026-12-04T00:00:00Z');
  it('a Ready speaker pod makes its node live, whatever its age', () => {
    const lease = speakerPodAsLease(pod());
    expect(lease && nodeOfLease(lease)).toBe('node1');
    expect(assessLease(lease, now).state).toBe('live');
  });

  it('the Helm chart labels count too', () => {
    expect(speakerPodAsLease(pod({ labels: { 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'speaker' } }))).toBeDefined();
  });

  it.each([
    ['not Ready', pod({ ready: 'False' })],
    ['a controller pod', pod({ labels: { app: 'metallb', component: 'controller' } })],
    ["ironlb's own mirrored pod", pod({ labels: { app: 'metallb', component: 'speaker', 'app.kubernetes.io/managed-by': 'ironlb-embedded' } })],
    ['not running', pod({ status: { phase: 'Pending' } })],
  ])('%s: no membership (the node counts as speaker down)', (_, p) => {
    expect(speakerPodAsLease(p)).toBeUndefined();
  });
});

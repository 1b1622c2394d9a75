import { describe, expect, it } from 'vitest';
import { assessLease, readSpeakerHealth, sameHealthApartFromCounters, toNodeView, withLeaseAges } from './node-view';
import type { KubeLease } from '../shapes/kube';
import type { SpeakerHealth } from './types';

const NOW = Date.parse('2024-01-01T12:00:10Z');
const lease = (renew: string | undefined, seconds = 2, annotations?: Record<string, string>): KubeLease => ({
  metadata: { name: 'ironlb-speaker-node01', annotations },
  spec: { holderIdentity: 'node01', leaseDurationSeconds: seconds, renewTime: renew },
});

describe('assessLease', () => {
  it.each([
    { name: 'renewed 0.4 s ago is live', lease: lease('2024-01-01T12:00:09.600Z'), want: 'live', age: 400 },
    { name: 'renewed 1.5 s ago with a 2 s lease is stale', lease: lease('2024-01-01T12:00:08.500Z'), want: 'stale', age: 1500 },
    { name: 'renewed 3 s ago with a 2 s lease is down', lease: lease('2024-01-01T12:00:07Z'), want: 'down', age: 3000 },
    { name: 'no lease at all is down with no age', lease: undefined, want: 'down', age: null },
    { name: 'a lease never renewed is down', lease: lease(undefined), want: 'down', age: null },
    { name: 'renewed 1.7 s ago with a 1,500 ms lease (2 s in whole seconds) is down', lease: lease('2024-01-01T12:00:08.300Z', 2, { 'ironlb.io/lease-duration-ms': '1500' }), want: 'down', age: 1700 },
    { name: 'renewed 0.8 s ago with a 1,500 ms lease is stale', lease: lease('2024-01-01T12:00:09.200Z', 2, { 'ironlb.io/lease-duration-ms': '1500' }), want: 'stale', age: 800 },
  ])('$name', ({ lease: l, want, age }) => {
    expect(assessLease(l, NOW)).toEqual({ state: want, ageMs: age });
  });
});

describe('readSpeakerHealth', () => {
  it('reads counters, interfaces and conflicts from the lease annotation', () => {
    const report = {
      version: 1, node: 'node01', instance: 'i', startedAt: 't', updatedAt: 't', transport: 'virtual',
      membership: { reason: 'normal', liveSpeakers: 3, leaseDurationMs: 2000, renewIntervalMs: 500 },
      interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:01' }],
      announcedCount: 1,
      announced: [{ ip: '10.20.13.15', services: ['ingress-nginx/ingress-nginx-controller'], interfaces: ['eth0'] }],
      counters: { requestsReceived: 3, responsesSent: 2, gratuitousSent: 10 },
      lastGratuitous: { ip: '10.20.13.15', at: '2024-01-01T12:00:00Z' },
      errors: [],
      conflicts: [{ ip: '10.20.13.15', foreignMac: 'aa', expectedMac: 'bb', interface: 'eth0', via: 'arp', firstSeenAt: 't0', lastSeenAt: 't', count: 1 }],
    };
    const h = readSpeakerHealth(lease('2024-01-01T12:00:09Z', 2, { 'ironlb.io/health': JSON.stringify(report) }));
    expect(h).toMatchObject({ interfaces: ['eth0'], announced: ['10.20.13.15'], lastGratuitous: '2024-01-01T12:00:00Z' });
    expect(h?.counters.gratuitousSent).toBe(10);
    expect(h?.conflicts).toEqual([{ ip: '10.20.13.15', mac: 'aa', at: 't' }]);
    // A renewal with new counters shows them; the same report read again is the same view.
    const renewed = lease('2024-01-01T12:00:10Z', 2, { 'ironlb.io/health': JSON.stringify({ ...report, counters: { ...report.counters, responsesSent: 3 } }) });
    expect(readSpeakerHealth(renewed)?.counters.responsesSent).toBe(3);
    expect(readSpeakerHealth(renewed)).toBe(readSpeakerHealth(renewed));
  });

  it('treats a malformed report as absent instead of throwing', () => {
    expect(readSpeakerHealth(lease('x', 2, { 'ironlb.io/health': '{not json' }))).toBeNull();
  });
});

describe('sameHealthApartFromCounters', () => {
  const health = (over: Partial<SpeakerHealth> = {}): SpeakerHealth => ({
    interfaces: ['eth0'], announced: ['10.20.13.15'], counters: { requestsReceived: 3, responsesSent: 2, gratuitousSent: 10 },
    lastGratuitous: null, conflicts: [], errors: [], lan: null, ...over,
  });
  it.each([
    { name: 'a renewal that only answered more ARP requests', next: health({ counters: { requestsReceived: 9, responsesSent: 8, gratuitousSent: 10 } }), same: true },
    { name: 'a renewal after a gratuitous refresh', next: health({ lastGratuitous: '2024-01-01T12:00:00Z' }), same: true },
    { name: 'an IP more announced', next: health({ announced: ['10.20.13.15', '10.20.13.16'] }), same: false },
    { name: 'a new error', next: health({ errors: ['lease: 409'] }), same: false },
    { name: 'a conflict seen', next: health({ conflicts: [{ ip: '10.20.13.15', mac: 'aa', at: 't' }] }), same: false },
    { name: 'a report gone', next: null, same: false },
  ])('$name: same apart from counters is $same', ({ next, same }) => {
    expect(sameHealthApartFromCounters(health(), next)).toBe(same);
  });
});

describe('toNodeView', () => {
  it('flags the exclude label and NetworkUnavailable', () => {
    const v = toNodeView(
      {
        metadata: { name: 'node03', labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': 'true' } },
        status: { conditions: [{ type: 'NetworkUnavailable', status: 'True' }] },
      },
      undefined,
      { ips: ['10.0.0.2', '10.0.0.1'], services: [] },
      NOW,
    );
    expect(v).toMatchObject({ excluded: true, networkUnavailable: true, speaker: 'down', announcedIPs: ['10.0.0.1', '10.0.0.2'] });
  });
});

describe('withLeaseAges', () => {
  it('ages each node from its current lease, not from when the view was built', () => {
    const built = toNodeView({ metadata: { name: 'node01' } }, lease('2024-01-01T12:00:00Z'), { ips: [], services: [] }, Date.parse('2024-01-01T12:00:00Z'));
    expect(built.leaseAgeMs).toBe(0);
    const [aged] = withLeaseAges([built], () => lease('2024-01-01T12:00:09.500Z'), NOW);
    expect(aged.leaseAgeMs).toBe(500);
    expect(withLeaseAges([built], () => undefined, NOW)[0].leaseAgeMs).toBeNull();
  });
});

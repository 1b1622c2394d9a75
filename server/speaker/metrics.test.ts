import { describe, expect, it } from 'vitest';
import { createSpeakerMetrics, type MetricsSource } from './metrics';

const source = (node: string, over: Partial<MetricsSource> = {}): MetricsSource => ({
  node,
  announced: () => [],
  counters: () => [],
  conflicts: () => [],
  liveMembers: () => 3,
  resyncCorrections: () => 0,
  eventsDropped: () => 0,
  ...over,
});

describe('speaker metrics', () => {
  it('exposes MetalLB names: announced per service/node/IP and layer2 counters per IP', async () => {
    const m = createSpeakerMetrics();
    m.addSource(
      source('node-a', {
        announced: () => [{ service: 'default/web', ip: '192.0.2.1' }],
        counters: () => [{ ip: '192.0.2.1', requestsReceived: 7, responsesSent: 6, gratuitousSent: 10 }],
      }),
    );
    const text = await m.metricsText();
    expect(text).toContain(
      'metallb_speaker_announced{service="default/web",protocol="layer2",node="node-a",ip="192.0.2.1"} 1',
    );
    expect(text).toContain('metallb_layer2_requests_received{ip="192.0.2.1"} 7');
    expect(text).toContain('metallb_layer2_responses_sent{ip="192.0.2.1"} 6');
    expect(text).toContain('metallb_layer2_gratuitous_sent{ip="192.0.2.1"} 10');
  });

  it('sums the counters of several simulated speakers and forgets a removed one', async () => {
    const m = createSpeakerMetrics();
    const counters = (n: number) => () => [
      { ip: '192.0.2.1', requestsReceived: n, responsesSent: n, gratuitousSent: n },
    ];
    m.addSource(source('node-a', { counters: counters(2) }));
    const removeB = m.addSource(
      source('node-b', { counters: counters(3), conflicts: () => [{ ip: '192.0.2.1', count: 2 }] }),
    );
    expect(await m.metricsText()).toContain('metallb_layer2_requests_received{ip="192.0.2.1"} 5');
    expect(await m.metricsText()).toContain('ironlb_layer2_conflicts_total{ip="192.0.2.1",node="node-b"} 2');
    removeB();
    const text = await m.metricsText();
    expect(text).toContain('metallb_layer2_requests_received{ip="192.0.2.1"} 2');
    expect(text).not.toContain('node="node-b"');
  });

  it('counts the decisions the periodic resync corrected, per node', async () => {
    const m = createSpeakerMetrics();
    m.addSource(source('node-a', { resyncCorrections: () => 2 }));
    m.addSource(source('node-b'));
    const text = await m.metricsText();
    expect(text).toContain('ironlb_speaker_resync_corrections_total{node="node-a"} 2');
    expect(text).toContain('ironlb_speaker_resync_corrections_total{node="node-b"} 0');
  });

  it('exports LAN heartbeats per interface and peer once a speaker reports them', async () => {
    const m = createSpeakerMetrics();
    m.addSource(source('node-a'));
    const quiet = await m.metricsText();
    expect(quiet).toContain('# TYPE ironlb_speaker_heartbeats_received_total counter');
    expect(quiet).not.toMatch(/^ironlb_speaker_heartbeats_received_total\{/m);
    m.addSource(
      source('node-b', {
        heartbeats: () => new Map([['eth0', { sent: 40, received: new Map([['node-a', 39]]), rejected: new Map([['badTag', 2]]) }]]),
        lanPeers: () => [{ interface: 'eth0', peers: 1 }],
      }),
    );
    const text = await m.metricsText();
    expect(text).toContain('ironlb_speaker_heartbeats_sent_total{node="node-b",interface="eth0"} 40');
    expect(text).toContain('ironlb_speaker_heartbeats_received_total{node="node-b",interface="eth0",peer="node-a"} 39');
    expect(text).toContain('ironlb_speaker_heartbeats_rejected_total{node="node-b",interface="eth0",reason="badTag"} 2');
    expect(text).toContain('ironlb_speaker_lan_peers{node="node-b",interface="eth0"} 1');
  });

  it('counts the events each speaker\'s spam filter dropped', async () => {
    const m = createSpeakerMetrics();
    m.addSource(source('node-a', { eventsDropped: () => 4 }));
    expect(await m.metricsText()).toContain('ironlb_speaker_events_dropped_total{node="node-a"} 4');
  });
});

// The Nodes page's LAN states, joined from every node's report: who hears whom, the named states
// when the LAN and the API disagree, the preflight lines, and one conflict per incident.
import { describe, expect, it } from 'vitest';
import { conflictIncidents, describeLanProblems, withLanStates } from './node-lan';
import { UNKNOWN_LAN } from './node-view';
import { runPreflight } from './preflight';
import type { LanInterfaceHealth, NodeView, SpeakerState } from './types';

type Ifc = Partial<LanInterfaceHealth> & { heard?: LanInterfaceHealth['heard'] };

function nodeView(name: string, speaker: SpeakerState, interfaces: Ifc[] | null, extra: Partial<NodeView['health'] & object> = {}): NodeView {
  return {
    name,
    uid: name,
    speaker,
    leaseAgeMs: 0,
    leaseRenewedAt: null,
    excluded: false,
    networkUnavailable: false,
    ready: true,
    labels: {},
    announcedIPs: [],
    services: [],
    health: {
      interfaces: ['eth0'],
      announced: [],
      counters: { requestsReceived: 0, responsesSent: 0, gratuitousSent: 0 },
      lastGratuitous: null,
      conflicts: [],
      errors: [],
      lan:
        interfaces === null
          ? null
          : {
              intervalMs: 200,
              timeoutMs: 800,
              problem: null,
              rejected: {},
              interfaces: interfaces.map((i) => ({ name: 'eth0', state: 'ready', heard: [], silent: [], ...i })),
            },
      ...extra,
    },
    lan: UNKNOWN_LAN,
  };
}

const hears = (...nodes: string[]) => nodes.map((node) => ({ node, via: 'eth0', ready: true }));
const byName = (views: NodeView[]) => Object.fromEntries(views.map((v) => [v.name, v.lan]));

describe('withLanStates', () => {
  it('live: heard by its peers, on which interfaces, and what it hears itself', () => {
    const lan = byName(withLanStates([nodeView('a', 'live', [{ heard: hears('b') }]), nodeView('b', 'live', [{ heard: hears('a') }])]));
    expect(lan.a).toMatchObject({
      state: 'live',
      reason: 'heard on the LAN by b',
      heardBy: [{ interface: 'eth0', by: [{ node: 'b', via: 'eth0' }] }],
      hears: [{ interface: 'eth0', state: 'ready', peers: ['b'] }],
      hearsNoPeers: false,
    });
  });

  it('silent on the LAN: its Lease is renewed but nobody hears it, with when it was last heard', () => {
    const lan = byName(
      withLanStates([
        nodeView('a', 'live', [{ heard: hears('c'), silent: [{ node: 'b', at: '2026-12-04T12:00:01.000Z' }] }]),
        nodeView('b', 'live', [{ heard: [] }]),
        nodeView('c', 'live', [{ heard: hears('a') }]),
      ]),
    );
    expect(lan.b.state).toBe('silentOnLan');
    expect(lan.b.reason).toMatch(/^its Lease is renewed, but none of a and c hears it on the LAN: its link is down/);
    expect(lan.b.silentTo).toEqual([{ node: 'a', via: 'eth0', lastHeardAt: '2026-12-04T12:00:01.000Z' }]);
    expect(lan.b.hearsNoPeers).toBe(true);
  });

  it('cut off from the API: heard on the LAN while its Lease is not renewed', () => {
    const lan = byName(withLanStates([nodeView('a', 'live', [{ heard: hears('c') }]), nodeView('c', 'down', [{ heard: hears('a') }])]));
    expect(lan.c).toMatchObject({ state: 'cutOffFromApi' });
    expect(lan.c.reason).toMatch(/^heard on the LAN by a, but its Lease is not renewed: it cannot reach the API server/);
  });

  it('down when neither, the only speaker is live, and reports from before heartbeats say unknown', () => {
    expect(byName(withLanStates([nodeView('a', 'live', [{}]), nodeView('b', 'down', [{}])])).b.state).toBe('down');
    expect(byName(withLanStates([nodeView('a', 'live', [{}])])).a).toMatchObject({ state: 'live', hearsNoPeers: false });
    expect(byName(withLanStates([nodeView('a', 'live', null)])).a.state).toBe('unknown');
  });
});

describe('LAN problems for preflight', () => {
  it('names a node that hears nobody, a missing key and refused heartbeats', () => {
    const views = withLanStates([
      nodeView('a', 'live', [{ heard: [] }]),
      nodeView('b', 'live', [{ heard: hears('a') }]),
    ]);
    views[1] = { ...views[1], health: { ...views[1].health!, lan: { ...views[1].health!.lan!, problem: 'waiting for Secret metallb-system/ironlb-speaker-key' } } };
    views[1] = { ...views[1], lan: { ...views[1].lan, rejected: { badTag: 3, replay: 1 } } };
    const lines = describeLanProblems(views);
    expect(lines).toContain('a hears none of the other speakers on the LAN (eth0): a VLAN or switch keeps the heartbeats (EtherType 0x88B5 to 03:00:69:6c:62:01) from it');
    expect(lines).toContain('b: waiting for Secret metallb-system/ironlb-speaker-key');
    expect(lines).toContain('b refused 4 heartbeats (badTag 3, replay 1): another host sends forged or replayed frames, or a speaker runs with another key');
    const check = runPreflight({ kubeProxyConfig: undefined, pools: [], advertisements: [], nodes: views, services: [], network: { ranges: [], addresses: [], notes: [] } }).checks.find((c) => c.id === 'lan');
    expect(check).toMatchObject({ status: 'warn', details: lines });
  });

  it('is ok when every speaker hears the others', () => {
    const views = withLanStates([nodeView('a', 'live', [{ heard: hears('b') }]), nodeView('b', 'live', [{ heard: hears('a') }])]);
    const check = runPreflight({ kubeProxyConfig: undefined, pools: [], advertisements: [], nodes: views, services: [], network: { ranges: [], addresses: [], notes: [] } }).checks.find((c) => c.id === 'lan');
    expect(check).toMatchObject({ status: 'ok', summary: 'Each of the 2 speakers hears the others on the LAN.' });
  });
});

describe('conflictIncidents', () => {
  it('one incident per (IP, foreign MAC), with every node that saw it', () => {
    const seen = (at: string) => ({ conflicts: [{ ip: '203.0.113.1', mac: '02:00:00:00:00:65', at }] });
    const incidents = conflictIncidents([
      nodeView('c', 'live', [{}], seen('2026-12-04T12:00:03Z')),
      nodeView('a', 'live', [{}], seen('2026-12-04T12:00:01Z')),
      nodeView('b', 'live', [{}]),
    ]);
    expect(incidents).toEqual([{ ip: '203.0.113.1', mac: '02:00:00:00:00:65', seenBy: ['a', 'c'], lastSeen: '2026-12-04T12:00:03Z' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkBlockedNodes, findBlockedNodes } from './preflight-nodes';
import { adView, nodeView, poolView } from './test-fixtures';

describe('nodes that can never announce', () => {
  it('names each blocked node with every reason, and leaves good nodes out', () => {
    const nodes = [
      nodeView('cp1', { excluded: true }),
      nodeView('w1', { networkUnavailable: true }),
      nodeView('w2'),
      nodeView('w3', { speaker: 'down', leaseAgeMs: null }),
      nodeView('w4', { speaker: 'down', leaseAgeMs: 12_400 }),
      nodeView('edge'),
    ];
    const ads = [adView('l2', ['lab'], ['cp1', 'w1', 'w2', 'w3', 'w4'])];
    const blocked = Object.fromEntries(findBlockedNodes(nodes, ads).map((b) => [b.node, b.reasons.map((r) => r.code)]));
    expect(blocked).toEqual({
      cp1: ['excludedByLabel'],
      w1: ['networkUnavailable'],
      w3: ['noSpeaker'],
      w4: ['noSpeaker'],
      edge: ['notSelectedByAdvertisement'],
    });
    const words = findBlockedNodes(nodes, ads).flatMap((b) => b.reasons.map((r) => `${b.node}: ${r.words}`));
    expect(words).toContain('cp1: labelled node.kubernetes.io/exclude-from-external-load-balancers (kubeadm puts it on control-plane nodes; remove it with "kubectl label node cp1 node.kubernetes.io/exclude-from-external-load-balancers-")');
    expect(words).toContain("w3: no speaker runs on it (no Lease ironlb-speaker-w3): check the speaker DaemonSet's tolerations and nodeSelector");
    expect(words).toContain('w4: its speaker is down (Lease last renewed 12 s ago)');
  });

  it('a single-node kubeadm cluster with the exclude label is an error that says why (MetalLB #2274)', () => {
    const check = checkBlockedNodes([nodeView('kubeadm-1', { excluded: true })], [adView('l2', ['lab'], ['kubeadm-1'])], [poolView('lab', ['192.0.2.0/28'])]);
    expect(check.status).toBe('error');
    expect(check.summary).toBe('The only node can never announce: every LoadBalancer IP stays dark.');
    expect(check.details[0]).toMatch(/^kubeadm-1: labelled node\.kubernetes\.io\/exclude-from-external-load-balancers/);
    expect(check.details).toContain('pool lab: no node can announce its IPs (its L2Advertisements select only kubeadm-1, listed above)');
  });

  it('a pool whose advertisement selects only blocked nodes is an error even when other nodes are fine', () => {
    const nodes = [nodeView('a', { networkUnavailable: true }), nodeView('b')];
    const ads = [adView('only-a', ['edge'], ['a']), adView('all', ['lab'], ['a', 'b'])];
    const check = checkBlockedNodes(nodes, ads, [poolView('edge', ['192.0.2.0/30']), poolView('lab', ['192.0.2.8/30'])]);
    expect(check.status).toBe('error');
    expect(check.summary).toBe('1 of 2 nodes can never announce. 1 pool without a node to announce it.');
    expect(check.details).toEqual([
      "a: condition NetworkUnavailable=True (the node's network plugin is not ready)",
      'pool edge: no node can announce its IPs (its L2Advertisements select only a, listed above)',
    ]);
  });

  it('an excluded control-plane node next to working nodes is information, not an error', () => {
    const nodes = [nodeView('cp', { excluded: true }), nodeView('w1'), nodeView('w2')];
    const check = checkBlockedNodes(nodes, [adView('l2', ['lab'], ['cp', 'w1', 'w2'])], [poolView('lab', ['192.0.2.0/28'])]);
    expect(check.status).toBe('info');
    expect(check.summary).toBe('1 of 3 nodes can never announce.');
  });

  it('every node able to announce is ok; no advertisement at all is left to the unadvertised-pools check', () => {
    const nodes = [nodeView('a'), nodeView('b')];
    expect(checkBlockedNodes(nodes, [adView('l2', ['lab'], ['a', 'b'])], [poolView('lab', [])])).toMatchObject({ status: 'ok', summary: 'All 2 nodes can announce.', details: [] });
    expect(checkBlockedNodes(nodes, [], [poolView('lab', [])]).status).toBe('ok');
  });
});

import { describe, expect, it } from 'vitest';
import { runPreflight } from './preflight';
import { checkStrictArp, fixStrictArp } from './strict-arp';
import { row, poolView } from './test-fixtures';

const ipvsFalse = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: "ipvs"
ipvs:
  scheduler: ""
  strictARP: false
`;

describe('strictARP', () => {
  it.each([
    { name: 'IPVS with strictARP false needs the fix', text: ipvsFalse, want: 'needsFix' },
    { name: 'IPVS with strictARP true is fine', text: ipvsFalse.replace('false', 'true'), want: 'ok' },
    { name: 'iptables mode does not need it', text: 'mode: iptables\nipvs:\n  strictARP: false\n', want: 'notIpvs' },
    { name: 'an empty mode is iptables', text: 'mode: ""\n', want: 'notIpvs' },
    { name: 'no ConfigMap is nothing to check', text: undefined, want: 'missing' },
  ])('$name', ({ text, want }) => {
    expect(checkStrictArp(text).state).toBe(want);
  });

  it('the fix flips the literal and leaves everything else byte for byte', () => {
    const fixed = fixStrictArp(ipvsFalse);
    expect(fixed).toEqual({ ok: true, value: ipvsFalse.replace('strictARP: false', 'strictARP: true') });
    expect(checkStrictArp(fixed.ok ? fixed.value : '').state).toBe('ok');
  });

  it('the fix adds strictARP when the ipvs block lacks it', () => {
    const fixed = fixStrictArp('mode: ipvs\nipvs:\n  scheduler: rr\n');
    expect(fixed.ok && checkStrictArp(fixed.value).state).toBe('ok');
  });
});

describe('runPreflight', () => {
  const pool = (name: string, ads: string[]) => poolView(name, [], { advertisements: ads });

  it('counts a strictARP error, an unadvertised pool and pending services', () => {
    const report = runPreflight({
      kubeProxyConfig: ipvsFalse,
      pools: [pool('my-ip-space', ['l2']), pool('lab', [])],
      advertisements: [],
      nodes: [],
      services: [row('default', 'echo', { state: 'pending', reason: 'pool my-ip-space is full' })],
      network: { ranges: [], addresses: [], notes: [] },
    });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.strictArp.status).toBe('error');
    expect(byId.strictArp.fix?.action).toBe('fixStrictArp');
    expect(byId.unadvertisedPools.details).toEqual(['pool lab (1 IP in use) is not covered by any L2Advertisement']);
    expect(byId.unadvertisedPools.summary).toBe('No node announces the IPs of 1 pool: create an L2Advertisement for it.');
    expect(byId.pendingServices.summary).toBe('1 service without a working IP.');
    expect(byId.pendingServices.details).toEqual(['1 service pending: pool my-ip-space is full']);
    expect(report.errors).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { PoolConfig } from '../config';
import { parsePoolAddress } from '../ip';
import {
  checkServiceHandled,
  collectEndpointNodes,
  findPoolFor,
  toNodeInfo,
  toServiceInfo,
  type ServiceObject,
} from './speaker-inputs';

const pool = (name: string, cidr: string, labels: Record<string, string> = {}): PoolConfig => {
  const r = parsePoolAddress(cidr);
  if (!r.ok) throw new Error(r.error);
  return { name, ranges: [r.value], autoAssign: true, avoidBuggyIPs: false, labels };
};
const pools = [pool('blue', '192.0.2.0/28', { tier: 'x' }), pool('green', '2001:db8::/120')];
const lb = (over: Partial<ServiceObject> = {}): ServiceObject => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { type: 'LoadBalancer' },
  status: { loadBalancer: { ingress: [{ ip: '192.0.2.5' }] } },
  ...over,
});

describe('speaker inputs', () => {
  it('a node with NetworkUnavailable=True is flagged; liveness comes from the lease view', () => {
    const n = toNodeInfo(
      { metadata: { name: 'n1' }, status: { conditions: [{ type: 'NetworkUnavailable', status: 'True' }] } },
      (x) => x === 'n1',
    );
    expect(n).toMatchObject({ name: 'n1', networkUnavailable: true, speakerLive: true });
  });

  const endpointCases = [
    { desc: 'ready endpoints count', eps: [{ nodeName: 'a', conditions: { ready: true } }], want: ['a'] },
    { desc: 'unknown readiness counts as ready', eps: [{ nodeName: 'a' }], want: ['a'] },
    { desc: 'not ready does not count', eps: [{ nodeName: 'a', conditions: { ready: false } }], want: [] },
    {
      desc: 'terminating but still serving counts',
      eps: [{ nodeName: 'a', conditions: { ready: false, serving: true, terminating: true } }],
      want: ['a'],
    },
    {
      desc: 'an endpoint with no node still makes the service served',
      eps: [{ conditions: { ready: true } }],
      want: [''],
    },
  ];
  for (const c of endpointCases) {
    it(c.desc, () => expect(collectEndpointNodes([{ metadata: {}, endpoints: c.eps }])).toEqual(c.want));
  }

  const handledCases: { desc: string; svc: ServiceObject; cls?: string; want: string | null }[] = [
    { desc: 'a LoadBalancer with an IP is handled', svc: lb(), want: null },
    { desc: 'ClusterIP services are not', svc: lb({ spec: { type: 'ClusterIP' } }), want: 'notLoadBalancer' },
    { desc: 'no IP yet', svc: lb({ status: {} }), want: 'noIP' },
    {
      desc: 'another loadBalancerClass',
      svc: lb({ spec: { type: 'LoadBalancer', loadBalancerClass: 'other' } }),
      want: 'otherLoadBalancerClass',
    },
    {
      desc: 'our configured class',
      svc: lb({ spec: { type: 'LoadBalancer', loadBalancerClass: 'ours' } }),
      cls: 'ours',
      want: null,
    },
  ];
  for (const c of handledCases) it(c.desc, () => expect(checkServiceHandled(c.svc, c.cls)).toBe(c.want));

  it('the pool comes from the annotation, else from the range holding the IP', () => {
    expect(findPoolFor(['192.0.2.5'], 'green', pools)?.name).toBe('green');
    expect(findPoolFor(['2001:db8::9'], undefined, pools)?.name).toBe('green');
    expect(findPoolFor(['198.51.100.1'], undefined, pools)).toBeUndefined();
  });

  it('flattens a Local dual-stack service with a sharing key', () => {
    const svc = lb({
      metadata: {
        name: 'web',
        namespace: 'shop',
        labels: { app: 'web' },
        annotations: { 'metallb.io/allow-shared-ip': 'k' },
      },
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
      status: { loadBalancer: { ingress: [{ ip: '192.0.2.5' }, { ip: '2001:db8::5' }] } },
    });
    const info = toServiceInfo(
      svc,
      [{ metadata: {}, endpoints: [{ nodeName: 'n2' }, { nodeName: 'n1' }] }],
      pools,
    );
    expect(info).toEqual({
      namespace: 'shop',
      name: 'web',
      labels: { app: 'web' },
      ips: ['192.0.2.5', '2001:db8::5'],
      pool: 'blue',
      poolLabels: { tier: 'x' },
      externalTrafficPolicy: 'Local',
      endpointNodes: ['n1', 'n2'],
      sharingKey: 'k',
    });
  });
});

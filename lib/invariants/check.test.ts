import { describe, expect, it } from 'vitest';
import type { ServiceObject } from '../reconcile/controller-service';
import { checkInvariants, type ClusterSnapshot } from './check';

interface SvcOpts { ips?: string[]; pool?: string; key?: string; port?: number; local?: string; uid?: string }

function svc(name: string, o: SvcOpts = {}): ServiceObject {
  const annotations: Record<string, string> = {};
  if (o.pool) annotations['metallb.io/ip-allocated-from-pool'] = o.pool;
  if (o.key) annotations['metallb.io/allow-shared-ip'] = o.key;
  return {
    metadata: { name, namespace: 'default', uid: o.uid ?? name, annotations },
    spec: { type: 'LoadBalancer', ports: [{ protocol: 'TCP', port: o.port ?? 80 }], externalTrafficPolicy: o.local ? 'Local' : 'Cluster', selector: { app: o.local ?? name } },
    status: { loadBalancer: { ingress: (o.ips ?? []).map((ip) => ({ ip })) } },
  };
}

const pool = { name: 'p', addresses: ['192.0.2.0/28'] };
const snap = (services: ServiceObject[], pools = [pool]): ClusterSnapshot => ({ services, pools });
const kinds = (v: { kind: string }[]) => v.map((x) => x.kind);

describe('checkInvariants', () => {
  const cases: { desc: string; input: Parameters<typeof checkInvariants>[0]; want: string[] }[] = [
    { desc: 'two services on distinct IPs in the pool: fine', input: { now: snap([svc('a', { ips: ['192.0.2.1'], pool: 'p' }), svc('b', { ips: ['192.0.2.2'], pool: 'p' })]) }, want: [] },
    { desc: 'two services on one IP without a sharing key', input: { now: snap([svc('a', { ips: ['192.0.2.1'] }), svc('b', { ips: ['192.0.2.1'] })]) }, want: ['sharedIP'] },
    { desc: 'same key, different ports: may share', input: { now: snap([svc('a', { ips: ['192.0.2.1'], key: 'k' }), svc('b', { ips: ['192.0.2.1'], key: 'k', port: 443 })]) }, want: [] },
    { desc: 'same key, same port: may not share', input: { now: snap([svc('a', { ips: ['192.0.2.1'], key: 'k' }), svc('b', { ips: ['192.0.2.1'], key: 'k' })]) }, want: ['sharedIP'] },
    { desc: 'same key, Local with different selectors: may not share', input: { now: snap([svc('a', { ips: ['192.0.2.1'], key: 'k', local: 'x' }), svc('b', { ips: ['192.0.2.1'], key: 'k', port: 443, local: 'y' })]) }, want: ['sharedIP'] },
    { desc: 'an IP outside every pool', input: { now: snap([svc('a', { ips: ['198.51.100.1'] })]) }, want: ['outsidePool'] },
    { desc: 'no pools at all: every IP is outside', input: { now: snap([svc('a', { ips: ['192.0.2.1'] })], []) }, want: ['outsidePool'] },
    {
      desc: 'an IP moved while its pool stayed the same',
      input: { before: snap([svc('a', { ips: ['192.0.2.1'], pool: 'p' })]), now: snap([svc('a', { ips: ['192.0.2.2'], pool: 'p' })]) },
      want: ['moved'],
    },
    {
      desc: 'an IP dropped while its pool stayed the same',
      input: { before: snap([svc('a', { ips: ['192.0.2.1'], pool: 'p' })]), now: snap([svc('a', { pool: 'p' })]) },
      want: ['moved'],
    },
    {
      desc: 'an IP moved because its pool changed: fine',
      input: { before: snap([svc('a', { ips: ['192.0.2.1'], pool: 'p' })]), now: snap([svc('a', { ips: ['192.0.2.9'], pool: 'p' })], [{ name: 'p', addresses: ['192.0.2.8/29'] }]) },
      want: [],
    },
    {
      desc: 'a service deleted and made again under the same name may get another IP',
      input: { before: snap([svc('a', { ips: ['192.0.2.1'], pool: 'p' })]), now: snap([svc('a', { ips: ['192.0.2.2'], pool: 'p', uid: 'other' })]) },
      want: [],
    },
    { desc: 'one MAC per announced IP: fine', input: { now: snap([]), answers: new Map([['192.0.2.1', ['02:00:00:00:00:01', '02:00:00:00:00:01']]]) }, want: [] },
    { desc: 'two MACs answer one IP', input: { now: snap([]), answers: new Map([['192.0.2.1', ['02:00:00:00:00:01', '02:00:00:00:00:02']]]) }, want: ['answerers'] },
    { desc: 'nobody answers an announced IP', input: { now: snap([]), answers: new Map([['192.0.2.1', []]]) }, want: ['answerers'] },
    { desc: 'an acknowledged write is missing', input: { now: snap([]), acknowledged: ['w1', 'w2'], present: new Set(['w1', 'extra']) }, want: ['lostWrite'] },
  ];
  for (const c of cases) it(c.desc, () => expect(kinds(checkInvariants(c.input))).toEqual(c.want));

  it('names the services and the reason in a sharing violation', () => {
    const [v] = checkInvariants({ now: snap([svc('a', { ips: ['192.0.2.1'] }), svc('b', { ips: ['192.0.2.1'] })]) });
    expect(v.detail).toBe('default/b holds it next to default/a: "192.0.2.1" is already in use by "default/a"');
  });
});

import { describe, expect, it } from 'vitest';
import { decodeServiceColumns, encodeServiceColumns, type ServiceColumns } from './service-columns';
import type { ServiceView } from './types';

const view = (i: number, over: Partial<ServiceView> = {}): ServiceView => ({
  uid: `uid-${i}`,
  namespace: i % 2 ? 'default' : 'ingress-nginx',
  name: `svc-${i}`,
  ips: [`198.51.100.${i}`],
  pool: 'my-ip-space',
  node: i % 3 ? 'node01' : null,
  interfaces: i % 3 ? ['eth0'] : [],
  since: i % 3 ? '2026-11-27T10:00:00Z' : null,
  ports: ['80/TCP', '443/TCP'],
  trafficPolicy: 'Cluster',
  created: '2026-11-27T09:00:00Z',
  state: i % 3 ? 'announced' : 'notAnnounced',
  reasonCode: i % 3 ? 'announced' : 'noServingEndpoints',
  reason: i % 3 ? 'announced by node01' : 'no serving endpoints',
  sharingKey: i === 4 ? 'web' : null,
  ...over,
});

describe('the Services list in columns', () => {
  const list = { epoch: 'e1', seq: 42, items: Array.from({ length: 200 }, (_, i) => view(i)) };

  it('decodes to exactly the rows it was made from', () => {
    const wire = JSON.parse(JSON.stringify(encodeServiceColumns(list))) as ServiceColumns;
    expect(decodeServiceColumns(wire)).toEqual(list);
  });

  it('keeps empty lists, nulls and a row with no IP', () => {
    const odd = { epoch: 'e1', seq: 1, items: [view(0, { ips: [], pool: null, ports: [], node: null })] };
    expect(decodeServiceColumns(encodeServiceColumns(odd))).toEqual(odd);
  });

  it('is much smaller than the rows', () => {
    const rows = JSON.stringify(list).length;
    const columns = JSON.stringify(encodeServiceColumns(list)).length;
    expect(columns).toBeLessThan(rows * 0.5);
  });

  it('finds columns by name, so a server that sends them in another order or adds one is read right', () => {
    const wire = encodeServiceColumns(list);
    const order = [...wire.columns].reverse();
    const reordered: ServiceColumns = {
      ...wire,
      columns: ['extra', ...order],
      rows: wire.rows.map((cells) => ['x', ...order.map((c) => cells[wire.columns.indexOf(c)])]),
    };
    expect(decodeServiceColumns(reordered)).toEqual(list);
  });
});

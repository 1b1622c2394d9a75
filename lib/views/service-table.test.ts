import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_QUERY, filterAndSortServices, formatServiceQuery, parseServiceQuery } from './service-table';
import { row } from './test-fixtures';

const rows = [
  row('shop', 'api', { ips: ['10.20.13.16'], pool: 'my-ip-space', state: 'notAnnounced', reason: 'no serving endpoints' }),
  row('ingress-nginx', 'ingress-nginx-controller', { ips: ['10.20.13.15'], pool: 'my-ip-space', node: 'node02', state: 'announced' }),
  row('default', 'echoserver', { state: 'pending', reason: 'pool my-ip-space is full' }),
  row('default', 'v6', { ips: ['2001:db8::1'], state: 'announced' }),
  row('default', 'low', { ips: ['10.20.13.9'], state: 'announced' }),
];

const names = (q: Partial<typeof DEFAULT_SERVICE_QUERY>) => filterAndSortServices(rows, { ...DEFAULT_SERVICE_QUERY, ...q }).map((r) => r.name);

describe('filterAndSortServices', () => {
  it.each([
    { name: 'search matches the name', q: { q: 'ingress' }, want: ['ingress-nginx-controller'] },
    { name: 'search matches an IP', q: { q: '10.20.13.16' }, want: ['api'] },
    { name: 'search matches the reason words', q: { q: 'full' }, want: ['echoserver'] },
    { name: 'state filter', q: { state: 'pending' as const }, want: ['echoserver'] },
    { name: 'namespace filter, sorted by name', q: { namespace: 'default' }, want: ['echoserver', 'low', 'v6'] },
    { name: 'IP sort is numeric, IPv4 before IPv6, no IP last', q: { sort: 'ip' as const }, want: ['low', 'ingress-nginx-controller', 'api', 'v6', 'echoserver'] },
    { name: 'descending state sort puts announced first', q: { sort: 'state' as const, dir: 'desc' as const, namespace: 'shop' }, want: ['api'] },
  ])('$name', ({ q, want }) => {
    expect(names(q)).toEqual(want);
  });
});

describe('service query in the URL', () => {
  it('round-trips through the URL and leaves defaults out', () => {
    const q = { ...DEFAULT_SERVICE_QUERY, q: 'ingress', state: 'pending' as const, sort: 'ip' as const };
    const text = formatServiceQuery(q);
    expect(text).toBe('q=ingress&state=pending&sort=ip');
    expect(parseServiceQuery(new URLSearchParams(text))).toEqual(q);
  });

  it('ignores unknown states and sort keys', () => {
    expect(parseServiceQuery(new URLSearchParams('state=bogus&sort=evil'))).toEqual(DEFAULT_SERVICE_QUERY);
  });
});

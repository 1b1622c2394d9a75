import { describe, expect, it } from 'vitest';
import {
  applyPoolDefaults,
  ipAddressPoolSchema,
  l2AdvertisementFormSchema,
  l2AdvertisementFormToResource,
  l2AdvertisementResourceToForm,
  l2AdvertisementSchema,
  labelSelectorSchema,
  poolFormSchema,
  poolFormToResource,
  poolResourceToForm,
  serviceL2StatusSchema,
  type IPAddressPool,
  type PoolForm,
} from './index';

const pool = (spec: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name: 'first-pool', namespace: 'metallb-system', uid: 'u1', resourceVersion: '7' },
  spec,
  ...extra,
});

describe('ipAddressPoolSchema', () => {
  it('accepts the MetalLB docs example and keeps metadata it does not model', () => {
    const parsed = ipAddressPoolSchema.parse(
      pool({ addresses: ['192.168.10.0/24', '192.168.9.1-192.168.9.5', 'fc00:f853:0ccd:e799::/124'] }, {}),
    );
    expect(parsed.metadata.uid).toBe('u1');
    expect(parsed.spec.addresses).toHaveLength(3);
  });

  it('accepts serviceAllocation and status', () => {
    const parsed = ipAddressPoolSchema.safeParse(
      pool(
        {
          addresses: ['192.0.2.0/28'],
          serviceAllocation: {
            priority: 50,
            namespaces: ['team-a'],
            namespaceSelectors: [{ matchLabels: { team: 'a' } }],
            serviceSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }],
          },
        },
        { status: { assignedIPv4: 1, availableIPv4: 15, assignedIPv6: 0, availableIPv6: 0 } },
      ),
    );
    expect(parsed.success).toBe(true);
  });

  it.each([
    ['wrong apiVersion', { ...pool({ addresses: [] }), apiVersion: 'metallb.io/v1alpha1' }],
    ['wrong kind', { ...pool({ addresses: [] }), kind: 'AddressPool' }],
    ['addresses not strings', pool({ addresses: [42] })],
    ['missing spec', { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: {} }],
    ['fractional priority', pool({ addresses: ['192.0.2.0/28'], serviceAllocation: { priority: 1.5 } })],
    ['autoAssign as string', pool({ addresses: ['192.0.2.0/28'], autoAssign: 'yes' })],
  ])('rejects %s', (_name, obj) => {
    expect(ipAddressPoolSchema.safeParse(obj).success).toBe(false);
  });

  it('applyPoolDefaults fills autoAssign=true and avoidBuggyIPs=false but keeps explicit values', () => {
    const bare = ipAddressPoolSchema.parse(pool({ addresses: ['192.0.2.0/28'] }));
    expect(applyPoolDefaults(bare).spec).toMatchObject({ autoAssign: true, avoidBuggyIPs: false });
    const set = ipAddressPoolSchema.parse(pool({ addresses: ['192.0.2.0/28'], autoAssign: false, avoidBuggyIPs: true }));
    expect(applyPoolDefaults(set).spec).toMatchObject({ autoAssign: false, avoidBuggyIPs: true });
    expect(bare.spec.autoAssign).toBeUndefined();
  });
});

describe('labelSelectorSchema', () => {
  it.each([
    ['matchLabels only', { matchLabels: { a: 'b' } }, true],
    ['empty selector', {}, true],
    ['In with values', { matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }, true],
    ['In without values', { matchExpressions: [{ key: 'k', operator: 'In' }] }, false],
    ['NotIn with empty values', { matchExpressions: [{ key: 'k', operator: 'NotIn', values: [] }] }, false],
    ['Exists without values', { matchExpressions: [{ key: 'k', operator: 'Exists' }] }, true],
    ['Exists with values', { matchExpressions: [{ key: 'k', operator: 'Exists', values: ['v'] }] }, false],
    ['unknown operator', { matchExpressions: [{ key: 'k', operator: 'Gt', values: ['1'] }] }, false],
  ])('%s', (_name, selector, valid) => {
    expect(labelSelectorSchema.safeParse(selector).success).toBe(valid);
  });
});

describe('l2AdvertisementSchema / serviceL2StatusSchema', () => {
  const adv = (spec?: unknown) => ({
    apiVersion: 'metallb.io/v1beta1',
    kind: 'L2Advertisement',
    metadata: { name: 'example', namespace: 'metallb-system' },
    ...(spec === undefined ? {} : { spec }),
  });
  it.each([
    ['spec-less advertisement (MetalLB docs)', adv(), true],
    ['pools, nodes, interfaces', adv({ ipAddressPools: ['first-pool'], nodeSelectors: [{ matchLabels: { 'kubernetes.io/hostname': 'n1' } }], interfaces: ['eth0'] }), true],
    ['preferred node weight 100', adv({ preferredNodeSelectors: [{ weight: 100, preference: { matchLabels: { a: 'b' } } }] }), true],
    ['preferred node weight 0', adv({ preferredNodeSelectors: [{ weight: 0, preference: {} }] }), false],
    ['preferred node weight 101', adv({ preferredNodeSelectors: [{ weight: 101, preference: {} }] }), false],
  ])('%s', (_name, obj, valid) => {
    expect(l2AdvertisementSchema.safeParse(obj).success).toBe(valid);
  });

  it('parses a speaker-written ServiceL2Status', () => {
    const parsed = serviceL2StatusSchema.parse({
      apiVersion: 'metallb.io/v1beta1',
      kind: 'ServiceL2Status',
      metadata: { generateName: 'l2-', namespace: 'metallb-system', labels: { 'metallb.io/node': 'node-a' } },
      status: { node: 'node-a', serviceName: 'web', serviceNamespace: 'default', interfaces: [{ name: 'eth0' }] },
    });
    expect(parsed.status?.interfaces).toEqual([{ name: 'eth0' }]);
  });
});

describe('poolFormSchema', () => {
  const form = (over: Partial<PoolForm> = {}): PoolForm => ({
    name: 'web',
    addresses: ['192.0.2.0/28'],
    autoAssign: true,
    avoidBuggyIPs: false,
    ...over,
  });
  const issues = (value: unknown) => {
    const r = poolFormSchema.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('accepts a good form and trims addresses', () => {
    const r = poolFormSchema.parse(form({ addresses: [' 192.0.2.0/28 ', '2001:db8::/120'] }));
    expect(r.addresses).toEqual(['192.0.2.0/28', '2001:db8::/120']);
  });

  it.each([
    ['the bad address, by index', form({ addresses: ['192.0.2.0/28', '192.0.2.9-192.0.2.1'] }), 'addresses.1', 'invalid IP range "192.0.2.9-192.0.2.1": start IP "192.0.2.9" is after the end IP "192.0.2.1"'],
    ['an empty address', form({ addresses: [''] }), 'addresses.0', 'address is required'],
    ['no addresses', form({ addresses: [] }), 'addresses', 'add at least one address'],
    ['overlap inside the form', form({ addresses: ['192.0.2.0/28', '192.0.2.5-192.0.2.6'] }), 'addresses.1', 'overlaps with "192.0.2.0/28"'],
    ['upper-case name', form({ name: 'Web' }), 'name', "name must be lowercase letters, digits, '-' or '.', starting and ending with a letter or digit"],
    ['negative priority', form({ serviceAllocation: { priority: -1, namespaces: [], namespaceSelectors: [], serviceSelectors: [] } }), 'serviceAllocation.priority', 'priority must be 0 or more'],
  ])('reports %s', (_name, value, path, message) => {
    expect(issues(value)).toContainEqual({ path, message });
  });

  it('round-trips through the CR', () => {
    const f = form({
      labels: { zone: 'a' },
      serviceAllocation: { priority: 10, namespaces: ['team-a'], namespaceSelectors: [], serviceSelectors: [{ matchLabels: { app: 'x' } }] },
    });
    const cr: IPAddressPool = poolFormToResource(f, 'metallb-system');
    expect(ipAddressPoolSchema.safeParse(cr).success).toBe(true);
    expect(cr.spec.serviceAllocation).toEqual({ priority: 10, namespaces: ['team-a'], serviceSelectors: [{ matchLabels: { app: 'x' } }] });
    expect(poolResourceToForm(cr)).toEqual(f);
  });
});

describe('l2AdvertisementFormSchema', () => {
  it('leaves empty lists out of the CR and restores them in the form', () => {
    const f = l2AdvertisementFormSchema.parse({
      name: 'l2',
      ipAddressPools: ['web'],
      ipAddressPoolSelectors: [],
      nodeSelectors: [],
      interfaces: ['eth0'],
      serviceSelectors: [],
      preferredNodeSelectors: [],
    });
    const cr = l2AdvertisementFormToResource(f, 'metallb-system');
    expect(cr.spec).toEqual({ ipAddressPools: ['web'], interfaces: ['eth0'] });
    expect(l2AdvertisementSchema.safeParse(cr).success).toBe(true);
    expect(l2AdvertisementResourceToForm(cr)).toEqual(f);
  });

  it('rejects a blank interface name', () => {
    const r = l2AdvertisementFormSchema.safeParse({
      name: 'l2', ipAddressPools: [], ipAddressPoolSelectors: [], nodeSelectors: [], interfaces: [' '], serviceSelectors: [], preferredNodeSelectors: [],
    });
    expect(r.success).toBe(false);
  });
});

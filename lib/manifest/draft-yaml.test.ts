import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { L2AdvertisementForm, PoolForm } from '../schemas';
import { advertisementDraft, checkDraftYaml, draftToYaml, poolDraft } from './draft-yaml';
import { toApplyCommand, toApplyManifest, toKubectlYaml } from './kubectl-yaml';

const NS = 'metallb-system';
const form: PoolForm = {
  name: 'lab',
  addresses: ['192.0.2.0/28', '2001:db8::/120'],
  autoAssign: false,
  avoidBuggyIPs: true,
  labels: { zone: 'a', 'example.com/tier': 'edge' },
  serviceAllocation: {
    priority: 10,
    namespaces: ['team-a'],
    namespaceSelectors: [{ matchLabels: { team: 'a' } }],
    serviceSelectors: [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }],
  },
};

const stored = {
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name: 'lab', namespace: NS, uid: 'u-1', resourceVersion: '42', generation: 3, creationTimestamp: '2024-05-01T10:00:00Z', managedFields: [{ manager: 'kubectl' }], annotations: { note: 'x' } },
  spec: { addresses: ['192.0.2.0/28'], autoAssign: true, avoidBuggyIPs: false },
  status: { assignedIPv4: 1, availableIPv4: 15 },
};

// Line numbers are those of draftToYaml(poolDraft, form, NS): 7 name, 8 namespace, 11-12 addresses,
// 13 autoAssign, 17 the matchLabels item, 24 the matchExpressions item.
const lines = (r: ReturnType<typeof checkDraftYaml>) => (r.ok ? [] : r.issues.map((i) => [i.line, i.path, i.message]));

describe('pool YAML tab', () => {
  it('round-trips every field of the form through the YAML text', () => {
    const text = draftToYaml(poolDraft, form, NS);
    const back = checkDraftYaml(text, poolDraft, { namespace: NS });
    expect(back.ok && back.form).toEqual(form);
  });

  it('shows an edit as kubectl would: the stored object (status, uid) with the new spec and labels, keys sorted, no managedFields', () => {
    const text = draftToYaml(poolDraft, form, NS, stored as never);
    const shown = parse(text, { version: '1.1' }) as typeof stored & { metadata: Record<string, unknown> };
    expect(shown.metadata).toMatchObject({ uid: 'u-1', resourceVersion: '42', labels: form.labels, annotations: { note: 'x' } });
    expect(shown.metadata.managedFields).toBeUndefined();
    expect(shown.status).toEqual(stored.status);
    expect(shown.spec.addresses).toEqual(form.addresses);
    expect(text.split('\n').slice(0, 4)).toEqual(['apiVersion: metallb.io/v1beta1', 'kind: IPAddressPool', 'metadata:', '  annotations:']);
    expect(text).toContain('  addresses:\n  - 192.0.2.0/28\n');
    expect(text).toContain('  creationTimestamp: "2024-05-01T10:00:00Z"');
  });

  const edit = (change: (t: string) => string) => checkDraftYaml(change(draftToYaml(poolDraft, form, NS)), poolDraft, { namespace: NS, fixedName: 'lab' });

  it.each<[string, (t: string) => string, [number | null, string, string][]]>([
    ['a bad address, at its line', (t) => t.replace('- 2001:db8::/120', '- 2001:db8::/129'), [[12, 'spec.addresses[1]', 'invalid CIDR "2001:db8::/129"']]],
    ['a bad selector key, at the matchLabels line, in the API server words', (t) => t.replace('team: a', 'bad key: a'), [[17, 'spec.serviceAllocation.namespaceSelectors[0].matchLabels', expect.stringMatching(/^Invalid value: "bad key": name part must consist of alphanumeric characters/)]]],
    ['In without values', (t) => t.replace(/values:\n\s+- web\n\s+- api\n/, ''), [[24, 'spec.serviceAllocation.serviceSelectors[0].matchExpressions[0].values', "Required value: must be specified when `operator` is 'In' or 'NotIn'"]]],
    ['a rename', (t) => t.replace('name: lab', 'name: other'), [[7, 'metadata.name', 'renaming is not supported: this page edits lab (create a new one instead)']]],
    ['another kind', (t) => t.replace('kind: IPAddressPool', 'kind: L2Advertisement'), [[2, 'kind', 'kind must be IPAddressPool on this page']]],
    ['another namespace', (t) => t.replace(`namespace: ${NS}`, 'namespace: default'), [[8, 'metadata.namespace', `resource must be created in ${NS} namespace`]]],
    ['a YAML syntax error, where the parser sees it (the line after an unclosed list)', (t) => t.replace('autoAssign: false', 'autoAssign: [false'), [[14, '', expect.stringMatching(/flow sequence/i)]]],
    ['a string where a boolean goes (YAML 1.1, as kubectl reads it)', (t) => t.replace('autoAssign: false', 'autoAssign: "no"'), [[13, 'spec.autoAssign', expect.stringMatching(/expected boolean/)]]],
    ['two documents', (t) => `${t}---\n${t}`, [[30, '', 'one object only on this page (a second document starts here)']]],
    ['nothing', () => '# empty\n', [[null, '', 'the YAML is empty: write the object here']]],
  ])('refuses %s', (_name, change, expected) => {
    expect(lines(edit(change))).toEqual(expected);
  });

  it('checks overlaps with other pools through the page-supplied check, at the address line', () => {
    const r = checkDraftYaml(draftToYaml(poolDraft, form, NS), poolDraft, {
      namespace: NS,
      extra: (f) => (f.addresses[0] === '192.0.2.0/28' ? [{ path: ['addresses', 0], message: 'overlaps with 192.0.2.8/29 in pool web' }] : []),
    });
    expect(lines(r)).toEqual([[11, 'spec.addresses[0]', 'overlaps with 192.0.2.8/29 in pool web']]);
  });
});

describe('advertisement YAML tab', () => {
  it('round-trips every field, nodeSelectors with expressions and weighted preferred nodes included', () => {
    const adv: L2AdvertisementForm = {
      name: 'l2',
      ipAddressPools: ['lab'],
      ipAddressPoolSelectors: [{ matchLabels: { zone: 'a' } }],
      nodeSelectors: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['node03'] }] }],
      interfaces: ['eth0', 'eth1'],
      serviceSelectors: [{ matchExpressions: [{ key: 'expose', operator: 'Exists' }] }],
      preferredNodeSelectors: [{ weight: 80, preference: { matchLabels: { 'kubernetes.io/hostname': 'node01' } } }],
    };
    const back = checkDraftYaml(draftToYaml(advertisementDraft, adv, NS), advertisementDraft, { namespace: NS });
    expect(back.ok && back.form).toEqual(adv);
  });
});

describe('kubectl apply text', () => {
  it('drops status, server-set metadata and managedFields, keeps labels and annotations', () => {
    const m = toApplyManifest(stored);
    expect(m).toEqual({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'lab', namespace: NS, annotations: { note: 'x' } }, spec: stored.spec });
    expect(toApplyCommand(stored)).toBe(`kubectl apply -f - <<'EOF'\n${toKubectlYaml(m)}EOF\n`);
  });
});

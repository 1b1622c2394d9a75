import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertLegacyConfig, convertLegacyConfigMap, renderResourcesYaml, toDnsLabel, validateConfig } from './index';
import { parse } from 'yaml';

const seed = readFileSync(new URL('../../test/fixtures/seed-configmap.yaml', import.meta.url), 'utf8');

const config = (pools: string) => `address-pools:\n${pools}`;

describe('convertLegacyConfigMap on the seed ConfigMap', () => {
  it('gives one pool and one advertisement in metallb-system', () => {
    const r = convertLegacyConfigMap(seed);
    expect(r).toEqual({
      ok: true,
      value: {
        pools: [
          {
            apiVersion: 'metallb.io/v1beta1',
            kind: 'IPAddressPool',
            metadata: { name: 'my-ip-space', namespace: 'metallb-system' },
            spec: { addresses: ['10.20.13.15-10.20.13.20'], autoAssign: true, avoidBuggyIPs: false },
          },
        ],
        advertisements: [
          {
            apiVersion: 'metallb.io/v1beta1',
            kind: 'L2Advertisement',
            metadata: { name: 'l2advertisement1', namespace: 'metallb-system' },
            spec: { ipAddressPools: ['my-ip-space'] },
          },
        ],
        warnings: [],
      },
    });
  });

  it('renders YAML that parses back to the same objects and passes validation', () => {
    const r = convertLegacyConfigMap(seed);
    if (!r.ok) throw new Error(r.error);
    const text = renderResourcesYaml([...r.value.pools, ...r.value.advertisements], ['hello']);
    expect(text.startsWith('# hello\n')).toBe(true);
    const docs = text.split(/^---$/m).map((d) => parse(d));
    expect(docs).toEqual([...r.value.pools, ...r.value.advertisements]);
    expect(validateConfig([docs[0]], [docs[1]], 'metallb-system').ok).toBe(true);
  });
});

describe('convertLegacyConfig', () => {
  it('maps auto-assign and avoid-buggy-ips, including YAML 1.1 words', () => {
    const r = convertLegacyConfig(
      config(`- name: cheap\n  protocol: layer2\n  addresses: [192.0.2.0/28]\n  auto-assign: false\n  avoid-buggy-ips: yes\n`),
    );
    expect(r.ok && r.value.pools[0].spec).toEqual({ addresses: ['192.0.2.0/28'], autoAssign: false, avoidBuggyIPs: true });
  });

  it('numbers advertisements over layer2 pools and reports BGP pools without converting them', () => {
    const r = convertLegacyConfig(
      [
        'peers:',
        '- peer-address: 10.0.0.1',
        '  peer-asn: 64501',
        '  my-asn: 64500',
        'address-pools:',
        '- name: one',
        '  protocol: layer2',
        '  addresses: [192.0.2.0/28]',
        '- name: routed',
        '  protocol: bgp',
        '  addresses: [198.51.100.0/24]',
        '- name: two',
        '  protocol: layer2',
        '  addresses: [203.0.113.0/28]',
      ].join('\n'),
      'lb',
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.value.pools.map((p) => [p.metadata.name, p.metadata.namespace])).toEqual([['one', 'lb'], ['two', 'lb']]);
    expect(r.value.advertisements.map((a) => [a.metadata.name, a.spec?.ipAddressPools])).toEqual([
      ['l2advertisement1', ['one']],
      ['l2advertisement2', ['two']],
    ]);
    expect(r.value.warnings).toEqual([
      'peers: BGP settings are not converted (ironlb supports Layer2 only)',
      'pool "routed" uses protocol bgp, which ironlb does not support: not converted',
    ]);
  });

  it('refuses absurdly deep YAML with a message, not a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const text of [deep, `${'- '.repeat(80)}x`, `config: |\n  ${'['.repeat(5000)}`]) {
      const r = convertLegacyConfigMap(text);
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.error).not.toMatch(/call stack/i);
    }
    expect(convertLegacyConfigMap(deep)).toEqual({ ok: false, error: 'invalid YAML in the document: nested more than 64 levels deep (a MetalLB ConfigMap needs only a few)' });
  });

  it('makes names DNS-1123 safe and says so', () => {
    const r = convertLegacyConfig(config(`- name: "2nd_Pool.Public"\n  protocol: layer2\n  addresses: [192.0.2.0/28]\n`));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.pools[0].metadata.name).toBe('nd-pool-public');
    expect(r.value.advertisements[0].spec?.ipAddressPools).toEqual(['nd-pool-public']);
    expect(r.value.warnings).toEqual(['pool "2nd_Pool.Public" renamed to "nd-pool-public" (Kubernetes names are DNS-1123 labels)']);
  });

  it.each([
    ['bad YAML', 'address-pools: [\n', /^invalid YAML in config: /],
    ['no pools', 'address-pools: []\n', 'config has no address-pools'],
    ['unknown top-level field', 'adress-pools: []\n', 'unknown field "adress-pools" in config'],
    ['unknown protocol', config('- name: p\n  protocol: l2\n  addresses: [192.0.2.0/28]\n'), 'unknown protocol "l2" in pool "p"'],
    ['missing protocol', config('- name: p\n  addresses: [192.0.2.0/28]\n'), 'pool "p" has no protocol'],
    ['bad address', config('- name: p\n  protocol: layer2\n  addresses: [192.0.2.300/24]\n'), 'invalid CIDR "192.0.2.300/24" in pool "p"'],
    ['start after end', config('- name: p\n  protocol: layer2\n  addresses: [10.0.0.9-10.0.0.1]\n'), 'invalid IP range "10.0.0.9-10.0.0.1" in pool "p": start IP "10.0.0.9" is after the end IP "10.0.0.1"'],
    ['no addresses', config('- name: p\n  protocol: layer2\n'), 'pool "p" has no prefixes defined'],
    ['typo in a pool field', config('- name: p\n  protocol: layer2\n  addresses: [192.0.2.0/28]\n  auto-asign: false\n'), 'unknown field "auto-asign" in pool "p"'],
    ['bad boolean', config('- name: p\n  protocol: layer2\n  addresses: [192.0.2.0/28]\n  auto-assign: maybe\n'), 'auto-assign must be true or false in pool "p", got "maybe"'],
    ['overlap with a BGP pool still counts', config('- name: a\n  protocol: bgp\n  addresses: [192.0.2.0/24]\n- name: b\n  protocol: layer2\n  addresses: [192.0.2.128/25]\n'), 'CIDR "192.0.2.128/25" in pool "b" overlaps with already defined CIDR "192.0.2.0/24" in pool "a"'],
    ['duplicate pool name', config('- name: a\n  protocol: layer2\n  addresses: [192.0.2.0/28]\n- name: a\n  protocol: layer2\n  addresses: [198.51.100.0/28]\n'), 'duplicate definition of pool "a"'],
    ['names that collide after sanitising', config('- name: Pool_A\n  protocol: layer2\n  addresses: [192.0.2.0/28]\n- name: pool-a\n  protocol: layer2\n  addresses: [198.51.100.0/28]\n'), 'pools "Pool_A" and "pool-a" would both be named "pool-a"'],
    ['a name with no letters', config('- name: "123"\n  protocol: layer2\n  addresses: [192.0.2.0/28]\n'), 'pool name "123" has no letters to build a Kubernetes name from'],
  ])('fails on %s with one line', (_name, text, message) => {
    const r = convertLegacyConfig(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).not.toContain('\n');
    if (message instanceof RegExp) expect(r.error).toMatch(message);
    else expect(r.error).toBe(message);
  });
});

describe('convertLegacyConfigMap input shapes', () => {
  const cm = (ns: string, name = 'config') =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  config: |\n    address-pools:\n    - name: p\n      protocol: layer2\n      addresses: [192.0.2.0/28]\n`;

  it.each([
    ['the ConfigMap namespace is used', cm('metallb'), undefined, 'metallb'],
    ['an explicit namespace wins', cm('metallb'), 'lb-system', 'lb-system'],
    ['bare config text', 'address-pools:\n- name: p\n  protocol: layer2\n  addresses: [192.0.2.0/28]\n', undefined, 'metallb-system'],
    ['a List from kubectl get -o yaml', `apiVersion: v1\nkind: List\nitems:\n- ${cm('metallb-system').replace(/\n/g, '\n  ').trimEnd()}\n`, undefined, 'metallb-system'],
    ['several documents, MetalLB config picked by name', `${cm('x', 'other')}---\n${cm('metallb-system')}`, undefined, 'metallb-system'],
  ])('%s', (_name, text, ns, expectedNs) => {
    const r = convertLegacyConfigMap(text, ns);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.pools[0].metadata.namespace).toBe(expectedNs);
  });

  it.each([
    ['not YAML', 'kind: ConfigMap\n  data: [', /^invalid YAML: /],
    ['a ConfigMap without data.config', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {foo: bar}\n', /^no MetalLB ConfigMap found/],
    ['bad YAML inside data.config', 'kind: ConfigMap\ndata:\n  config: "address-pools: [\\n"\n', /^invalid YAML in config: /],
  ])('fails on %s', (_name, text, message) => {
    const r = convertLegacyConfigMap(text);
    expect(r.ok ? 'ok' : r.error).toMatch(message);
  });
});

describe('toDnsLabel', () => {
  it.each([
    ['my-ip-space', 'my-ip-space'],
    ['My_Pool', 'my-pool'],
    ['-_9lives', 'lives'],
    ['trailing_', 'trailing'],
    ['a'.repeat(70), 'a'.repeat(63)],
    [`${'a'.repeat(62)}_b`, 'a'.repeat(62)],
  ])('%s -> %s', (name, label) => {
    expect(toDnsLabel(name)).toEqual({ ok: true, value: label });
  });
});

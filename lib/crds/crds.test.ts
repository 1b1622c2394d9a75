import { evaluate } from '@marcbachmann/cel-js';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { CRDS, type JSONSchemaProps } from '.';

const spec = (kind: string) => {
  const found = CRDS.find((c) => c.kind === kind);
  if (!found) throw new Error(kind);
  return found;
};

/** Every schema node with its path, depth first. */
function walk(node: JSONSchemaProps, path = '', out: { path: string; node: JSONSchemaProps }[] = []) {
  out.push({ path, node });
  for (const [k, v] of Object.entries(node.properties ?? {})) walk(v, `${path}.${k}`, out);
  if (node.items) walk(node.items, `${path}[]`, out);
  if (node.additionalProperties) walk(node.additionalProperties, `${path}{}`, out);
  return out;
}

/** ajv for the OpenAPI subset CRDs use; the x-kubernetes-* keywords are the API server's own. */
function validator(kind: string) {
  const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true });
  return ajv.compile(spec(kind).schema);
}

/** Runs every CEL rule found at `path` on `value`: the messages of the rules that fail. */
function celFailures(kind: string, path: string, value: unknown): string[] {
  const node = walk(spec(kind).schema).find((n) => n.path === path)?.node;
  if (!node) throw new Error(`no schema at ${path}`);
  return (node['x-kubernetes-validations'] ?? []).filter((v) => evaluate(v.rule, { self: value }) !== true).map((v) => v.message);
}

const pool = (spec: Record<string, unknown>) => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name: 'p', namespace: 'metallb-system' },
  spec,
});

describe('the metallb.io CRD schemas', () => {
  it('are structural: every node has a type, none uses $ref or anyOf', () => {
    for (const c of CRDS) {
      for (const { path, node } of walk(c.schema)) {
        expect(node.type, `${c.kind}${path}`).toBeDefined();
        expect(Object.keys(node)).not.toContain('$ref');
        expect(Object.keys(node)).not.toContain('anyOf');
      }
    }
  });

  it("accept the seed walkthrough's pool and fill MetalLB's defaults", () => {
    const validate = validator('IPAddressPool');
    const obj = pool({ addresses: ['10.20.13.15-10.20.13.20'] });
    expect(validate(obj)).toBe(true);
    expect(obj.spec).toEqual({ addresses: ['10.20.13.15-10.20.13.20'], autoAssign: true, avoidBuggyIPs: false });
  });

  it('accept every field of a pinned pool and of a full L2Advertisement', () => {
    const selector = { matchLabels: { team: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] };
    expect(
      validator('IPAddressPool')(
        pool({
          addresses: ['192.0.2.0/28', '2001:db8::/120'],
          serviceAllocation: { priority: 5, namespaces: ['web'], namespaceSelectors: [selector], serviceSelectors: [selector] },
        }),
      ),
    ).toBe(true);
    const ad = {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'L2Advertisement',
      metadata: { name: 'l2' },
      spec: {
        ipAddressPools: ['p'],
        ipAddressPoolSelectors: [selector],
        nodeSelectors: [selector],
        interfaces: ['eth0'],
        serviceSelectors: [selector],
        preferredNodeSelectors: [{ weight: 50, preference: selector }],
      },
    };
    expect(validator('L2Advertisement')(ad)).toBe(true);
  });

  it.each([
    ['a pool without addresses', pool({ addresses: [] })],
    ['a pool with no spec', { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: {} }],
    ['a negative priority', pool({ addresses: ['192.0.2.0/28'], serviceAllocation: { priority: -1 } })],
    ['an unknown operator', pool({ addresses: ['192.0.2.0/28'], serviceAllocation: { serviceSelectors: [{ matchExpressions: [{ key: 'a', operator: 'Maybe' }] }] } })],
    ['a label key with a space', pool({ addresses: ['192.0.2.0/28'], serviceAllocation: { serviceSelectors: [{ matchExpressions: [{ key: 'bad key!', operator: 'Exists' }] }] } })],
  ])('reject %s', (_, obj) => {
    expect(validator('IPAddressPool')(obj)).toBe(false);
  });

  it('reject a preference weight outside 1..100', () => {
    const ad = (weight: number) => ({ spec: { preferredNodeSelectors: [{ weight, preference: {} }] } });
    const validate = validator('L2Advertisement');
    expect([validate(ad(0)), validate(ad(1)), validate(ad(100)), validate(ad(101))]).toEqual([false, true, true, false]);
  });
});

describe('the CEL rules (what a real API server checks on one object)', () => {
  it.each([
    ['192.0.2.0/28', []],
    ['2001:db8::/120', []],
    ['192.0.2.10-192.0.2.20', []],
    ['192.0.2.10 - 192.0.2.20', []],
    ['banana', ['must be a CIDR (192.0.2.0/28) or a range (192.0.2.10-192.0.2.20)']],
    ['192.0.2.0/28,192.0.2.64/28', ['must be a CIDR (192.0.2.0/28) or a range (192.0.2.10-192.0.2.20)']],
  ])('an address %j', (address, want) => {
    expect(celFailures('IPAddressPool', '.spec.addresses[]', address)).toEqual(want);
  });

  const requirement = '.spec.serviceAllocation.serviceSelectors[].matchExpressions[]';
  const opsMessage = 'operator In and NotIn need values; Exists and DoesNotExist take none';
  it.each([
    [{ key: 'a', operator: 'In', values: ['x'] }, []],
    [{ key: 'a', operator: 'In' }, [opsMessage]],
    [{ key: 'a', operator: 'NotIn', values: [] }, [opsMessage]],
    [{ key: 'a', operator: 'Exists' }, []],
    [{ key: 'a', operator: 'DoesNotExist', values: ['x'] }, [opsMessage]],
  ])('a selector requirement %j', (req, want) => {
    expect(celFailures('IPAddressPool', requirement, req)).toEqual(want);
  });

  it('a speaker ConfigurationState names its node', () => {
    expect(celFailures('ConfigurationState', '.spec', { type: 'Speaker' })).toEqual(['a Speaker state names its node']);
    expect(celFailures('ConfigurationState', '.spec', { type: 'Speaker', nodeName: 'n1' })).toEqual([]);
    expect(celFailures('ConfigurationState', '.spec', { type: 'Controller' })).toEqual([]);
  });
});

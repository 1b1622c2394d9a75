import { describe, expect, it } from 'vitest';
import { builtinPatchMeta, podSpecPatchMeta } from './patch-meta';
import { strategicMerge } from './strategic';

const svcMeta = builtinPatchMeta.services;
const merge = (orig: unknown, patch: unknown, meta = svcMeta) => {
  const r = strategicMerge(orig, patch, meta);
  if (!r.ok) throw new Error(r.error);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- merged documents are arbitrary JSON
  return r.value as any;
};

const ports = [
  { name: 'http', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 },
  { name: 'https', port: 443, protocol: 'TCP', targetPort: 443, nodePort: 30443 },
];

describe('strategic merge patch', () => {
  it.each([
    ['merges a port by its port number and keeps fields the patch does not name',
      { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
      [{ ...ports[0], targetPort: 9090 }, ports[1]]],
    ['appends a port with a new number',
      { spec: { ports: [{ port: 53, protocol: 'UDP' }] } },
      [...ports, { port: 53, protocol: 'UDP' }]],
    ['deletes a port with $patch: delete',
      { spec: { ports: [{ $patch: 'delete', port: 443 }] } },
      [ports[0]]],
    ['replaces the whole list with $patch: replace',
      { spec: { ports: [{ $patch: 'replace' }, { port: 8080 }] } },
      [{ port: 8080 }]],
    ['orders by $setElementOrder (what kubectl apply sends)',
      { spec: { '$setElementOrder/ports': [{ port: 443 }, { port: 80 }] } },
      [ports[1], ports[0]]],
    ['orders new and merged items together',
      { spec: { '$setElementOrder/ports': [{ port: 53 }, { port: 80 }], ports: [{ port: 53, protocol: 'UDP' }, { $patch: 'delete', port: 443 }] } },
      [{ port: 53, protocol: 'UDP' }, ports[0]]],
  ])('%s', (_name, patch, expected) => {
    expect(merge({ spec: { ports } }, patch).spec.ports).toEqual(expected);
  });

  it('tells 53/TCP and 53/UDP apart by protocol when both exist', () => {
    const dns = [{ name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'dns-udp', port: 53, protocol: 'UDP' }];
    const out = merge({ spec: { ports: dns } }, { spec: { ports: [{ port: 53, protocol: 'UDP', targetPort: 5353 }] } });
    expect(out.spec.ports).toEqual([dns[0], { ...dns[1], targetPort: 5353 }]);
  });

  it('changes the protocol of the only port with that number, as the merge key is the port', () => {
    const out = merge({ spec: { ports: [{ port: 53, protocol: 'TCP' }] } }, { spec: { ports: [{ port: 53, protocol: 'UDP' }] } });
    expect(out.spec.ports).toEqual([{ port: 53, protocol: 'UDP' }]);
  });

  it('merges conditions by type and ownerReferences by uid', () => {
    const orig = {
      metadata: { ownerReferences: [{ uid: 'a', name: 'x' }, { uid: 'b', name: 'y' }] },
      status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Other', status: 'True' }] },
    };
    const out = merge(orig, { metadata: { ownerReferences: [{ uid: 'b', name: 'z' }] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, builtinPatchMeta.nodes);
    expect(out.metadata.ownerReferences).toEqual([{ uid: 'a', name: 'x' }, { uid: 'b', name: 'z' }]);
    expect(out.status.conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'Other', status: 'True' }]);
  });

  it('treats finalizers as a set and removes with $deleteFromPrimitiveList', () => {
    const orig = { metadata: { finalizers: ['a', 'b'] } };
    expect(merge(orig, { metadata: { finalizers: ['c', 'a'] } }).metadata.finalizers).toEqual(['a', 'b', 'c']);
    expect(merge(orig, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers).toEqual(['b']);
    expect(merge(orig, { metadata: { '$setElementOrder/finalizers': ['b', 'a'] } }).metadata.finalizers).toEqual(['b', 'a']);
  });

  it('merges containers by name and their env by name', () => {
    const orig = { spec: { containers: [{ name: 'app', image: 'v1', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 's' }] } };
    const meta = { fields: { spec: podSpecPatchMeta } };
    const out = merge(orig, { spec: { containers: [{ name: 'app', image: 'v2', env: [{ name: 'B', value: '2' }] }] } }, meta);
    expect(out.spec.containers).toEqual([{ name: 'app', image: 'v2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'side', image: 's' }]);
  });

  it('replaces lists without a merge key, deletes keys set to null, and keeps maps merged', () => {
    const orig = { spec: { externalIPs: ['192.0.2.1'], selector: { app: 'a', tier: 't' } } };
    const out = merge(orig, { spec: { externalIPs: ['192.0.2.2'], selector: { tier: null, env: 'prod' } } });
    expect(out.spec).toEqual({ externalIPs: ['192.0.2.2'], selector: { app: 'a', env: 'prod' } });
  });

  it('honours $retainKeys and $patch: replace on maps', () => {
    const orig = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    expect(merge(orig, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }).spec.strategy).toEqual({ type: 'Recreate' });
    expect(merge(orig, { spec: { strategy: { $patch: 'replace', type: 'Recreate' } } }).spec.strategy).toEqual({ type: 'Recreate' });
    expect(merge(orig, { spec: { strategy: { $patch: 'delete' } } }).spec).toEqual({});
  });

  it('never stores directives inside newly added items', () => {
    const out = merge({ spec: {} }, { spec: { ports: [{ port: 80, '$setElementOrder/x': [] }], selector: { $patch: 'replace', a: 'b' } } });
    expect(JSON.stringify(out)).not.toContain('$');
  });

  it.each([
    ['a list item without the merge key', { spec: { ports: [{ targetPort: 80 }] } }, 'does not contain declared merge key: port'],
    ['a patch that is not an object', [1, 2], 'must be a JSON object'],
    ['an unknown $patch', { spec: { $patch: 'explode' } }, 'unknown patch type'],
  ])('reports %s as an error', (_name, patch, message) => {
    const r = strategicMerge({ spec: { ports } }, patch, svcMeta);
    expect(r.ok ? '' : r.error).toContain(message);
  });

  it('does not change its inputs', () => {
    const orig = { spec: { ports: structuredClone(ports) } };
    merge(orig, { spec: { ports: [{ port: 80, targetPort: 1 }, { $patch: 'delete', port: 443 }] } });
    expect(orig.spec.ports).toEqual(ports);
  });
});

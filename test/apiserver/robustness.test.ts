// Whatever a client sends, the server answers with a JSON Status or object, never a 500, and keeps serving.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.stop(); });

const collections = [
  '/api/v1/namespaces/default/services',
  '/api/v1/namespaces/default/configmaps',
  '/api/v1/namespaces/default/events',
  '/api/v1/nodes',
  '/api/v1/namespaces',
  '/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools',
  '/apis/metallb.io/v1beta1/namespaces/metallb-system/l2advertisements',
  '/apis/events.k8s.io/v1/namespaces/default/events',
  '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
];
const patchTypes = ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml'];

const anyValue = fc.jsonValue({ maxDepth: 4 });
const objectish = fc.record({
  apiVersion: fc.option(fc.constantFrom('v1', 'metallb.io/v1beta1', 'x'), { nil: undefined }),
  metadata: fc.oneof(fc.record({ name: fc.constantFrom('fuzz', 'Fuzz', '', 'a'.repeat(300)), labels: anyValue, finalizers: anyValue, namespace: anyValue }, { requiredKeys: [] }), anyValue),
  spec: anyValue,
  status: anyValue,
  ports: anyValue,
  addressType: anyValue,
}, { requiredKeys: [] });

describe('robustness', () => {
  it('never answers a write with a 500, whatever the body', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...collections), fc.oneof(objectish, anyValue), fc.constantFrom(...patchTypes), async (path, body, patchType) => {
      const created = await s.call('POST', path, body);
      expect(created.contentType).toBe('application/json');
      expect(created.status).toBeLessThan(500);
      const updated = await s.call('PUT', `${path}/fuzz`, body);
      expect(updated.status).toBeLessThan(500);
      const patched = await s.call('PATCH', `${path}/fuzz`, body, { 'Content-Type': patchType });
      expect(patched.status).toBeLessThan(500);
      await s.call('DELETE', `${path}/fuzz`);
    }), { numRuns: 150 });
    expect((await s.call('GET', '/version')).status).toBe(200);
  });

  it.each([
    ['a non-string name', { metadata: { name: 5 } }],
    ['labels that are not a map', { metadata: { name: 'x', labels: ['a'] } }],
    ['finalizers that are not a list', { metadata: { name: 'x', finalizers: 'a' } }],
  ])('rejects %s with 400', async (_name, body) => {
    const res = await s.call('POST', '/api/v1/namespaces/default/configmaps', body);
    expect(res.status).toBe(400);
  });
});

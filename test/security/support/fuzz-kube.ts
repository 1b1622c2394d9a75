// Fuzz cases for the embedded Kubernetes API server: any request without its token (or with a
// wrong one) must be 401; with the token, bad paths, queries and bodies must be 4xx Status
// answers. Writes only ever aim at objects that do not exist, or carry bodies that cannot parse.
import fc from 'fast-check';
import type { Kube } from './kube';
import { isJson, junkBody, junkQuery, junkSegment, junkText } from './fuzz-inputs';
import type { FuzzCase } from './fuzz-run';

const REAL_NAMESPACES = ['default', 'kube-system', 'metallb-system', 'ingress-nginx'];
// Collections as templates: {ns} namespace, {name} object name.
const TEMPLATES = [
  '/api/v1/namespaces/{ns}/services/{name}',
  '/api/v1/namespaces/{ns}/services/{name}/status',
  '/api/v1/namespaces/{ns}/configmaps/{name}',
  '/api/v1/namespaces/{ns}/events/{name}',
  '/api/v1/nodes/{name}',
  '/api/v1/namespaces/{name}',
  '/apis/metallb.io/v1beta1/namespaces/{ns}/ipaddresspools/{name}',
  '/apis/metallb.io/v1beta1/namespaces/{ns}/l2advertisements/{name}',
  '/apis/metallb.io/v1beta1/namespaces/{ns}/servicel2statuses/{name}',
  '/apis/coordination.k8s.io/v1/namespaces/{ns}/leases/{name}',
  '/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices/{name}',
  '/apis/{name}/{ns}/{name}',
  '/api/{name}',
  '/{name}',
];
const COLLECTIONS = ['/api/v1/namespaces/{ns}/services', '/api/v1/nodes', '/apis/metallb.io/v1beta1/namespaces/{ns}/ipaddresspools', '/apis/metallb.io/v1beta1/namespaces/{ns}/l2advertisements', '/api/v1/namespaces/{ns}/configmaps'];
const FIXED_READS = ['/version', '/healthz', '/livez', '/readyz', '/api', '/apis', '/openapi/v2', '/api/v1', '/apis/metallb.io/v1beta1'];
// Objects that exist in the demo cluster (writes to them only carry bodies that cannot parse).
const EXISTING = [
  '/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools/my-ip-space',
  '/apis/metallb.io/v1beta1/namespaces/metallb-system/l2advertisements/l2advertisement1',
  '/api/v1/namespaces/ingress-nginx/services/ingress-nginx-controller',
  '/api/v1/nodes/node01',
];
const PATCH_TYPES = ['application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'text/plain', 'application/json'];

const fill = (template: string, ns: string, name: string) => template.replaceAll('{ns}', ns).replaceAll('{name}', name);
const namespace = fc.oneof(fc.constantFrom(...REAL_NAMESPACES), junkSegment.filter((s) => s.length > 0));
const fakeName = junkSegment.filter((s) => s.length > 0).map((s) => `fz-${s}`);

function request(kube: Kube, label: string, method: string, p: string, token: string | null, body?: { bytes?: string | Uint8Array; contentType?: string }, only?: number[]): FuzzCase {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body?.contentType) headers['content-type'] = body.contentType;
  return { label, method, url: kube.url + p, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body?.bytes, allow: method === 'GET' ? [200] : [], only };
}

/** Without the token, or with a wrong one: every method on every path is 401. */
function unauthenticated(kube: Kube): fc.Arbitrary<FuzzCase> {
  const token = fc.oneof(fc.constant(null), fc.stringMatching(/^[A-Za-z0-9._~+/=-]{1,60}$/), fc.constant(`${kube.token}x`), fc.constant(kube.token.slice(0, -1)));
  const p = fc.oneof(fc.constantFrom(...FIXED_READS, ...EXISTING), fc.tuple(fc.constantFrom(...TEMPLATES, ...COLLECTIONS), namespace, fakeName).map(([t, ns, n]) => fill(t, ns, n)));
  return fc
    .tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), p, junkQuery, token, junkBody({}))
    .map(([method, path, query, t, body]) => request(kube, `kube no/wrong token ${body.label}`, method, path + query, t, body, [401]));
}

/** With the token: reads of bad paths and bad queries. */
function badReads(kube: Kube): fc.Arbitrary<FuzzCase> {
  const p = fc.oneof(
    fc.constantFrom(...FIXED_READS, ...EXISTING, ...COLLECTIONS.map((c) => fill(c, 'default', ''))),
    fc.tuple(fc.constantFrom(...TEMPLATES, ...COLLECTIONS), namespace, fc.oneof(fakeName, junkSegment)).map(([t, ns, n]) => fill(t, ns, n)),
  );
  return fc.tuple(p, junkQuery).map(([path, query]) => request(kube, 'kube bad read', 'GET', path + query, kube.token));
}

/** With the token: writes aimed at objects that do not exist, with bad bodies. */
function writesToNothing(kube: Kube): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'), fc.constantFrom(...TEMPLATES), namespace, fakeName, junkQuery, junkBody({}), fc.constantFrom(...PATCH_TYPES))
    .map(([method, template, ns, name, query, body, patchType]) => {
      const typed = method === 'PATCH' && body.contentType ? { ...body, contentType: patchType } : body;
      // POST goes to the collection; a collection DELETE would be deletecollection, so never that.
      const path = method === 'POST' ? fill(template, ns, name).replace(/\/[^/]*$/, '') : fill(template, ns, name);
      return request(kube, `kube write to nothing ${body.label}`, method, path + query, kube.token, typed);
    });
}

/** With the token: writes to real objects whose bodies cannot parse, or are not objects at all. */
function unparseableWrites(kube: Kube): fc.Arbitrary<FuzzCase> {
  const broken = fc.oneof(
    fc.string({ minLength: 1, maxLength: 200 }).filter((s) => !isJson(s)),
    fc.constantFrom('[1,2', '{"spec":', '"string"', '42', 'null', '[]', 'true'),
    junkText.filter((s) => !isJson(s)),
    fc.array(fc.record({ op: fc.constantFrom('frobnicate', 'ADD', ''), path: fc.string() }), { minLength: 1, maxLength: 3 }).map((a) => JSON.stringify(a)),
  );
  return fc
    .tuple(fc.constantFrom('PUT', 'PATCH', 'POST'), fc.constantFrom(...EXISTING), broken, fc.constantFrom(...PATCH_TYPES))
    .filter(([method, , bytes, type]) => !(method === 'PATCH' && type === 'application/json-patch+json' && bytes === '[]'))
    .map(([method, path, bytes, type]) => {
      const contentType = method === 'PATCH' ? type : 'application/json';
      const target = method === 'POST' ? path.replace(/\/[^/]*$/, '') : path;
      return request(kube, `kube unparseable write (${contentType})`, method, target, kube.token, { bytes, contentType });
    });
}

// Corner values every list parameter should survive, tried on every collection before the random ones.
const CORNER_QUERIES = [
  'limit=%20', 'limit=', 'limit=-1', 'limit=0', 'limit=1e309', 'limit=abc', 'limit=9999999999999999999999',
  'continue=garbage', 'limit=1&continue=%00', 'resourceVersion=abc', 'resourceVersion=-1', 'resourceVersionMatch=Exact',
  'timeoutSeconds=-1', 'timeoutSeconds=NaN', 'labelSelector=!!', 'labelSelector=a%20in%20(', 'labelSelector=a=b=c',
  'fieldSelector=a==b==c', 'fieldSelector=metadata.nope=x', 'fieldSelector=%3D', 'watch=false&resourceVersion=abc',
  'allowWatchBookmarks=maybe', 'sendInitialEvents=maybe', 'pretty=%00',
];

function cornerReads(kube: Kube): FuzzCase[] {
  return COLLECTIONS.flatMap((c) => CORNER_QUERIES.map((q) => request(kube, 'kube corner query', 'GET', `${fill(c, 'default', '')}?${q}`, kube.token)));
}

export function buildKubeCases(kube: Kube, runs: number, seed: number): FuzzCase[] {
  const corners = cornerReads(kube);
  const share = (f: number) => Math.ceil((runs - corners.length) * f);
  return [
    ...corners,
    ...fc.sample(unauthenticated(kube), { numRuns: share(0.35), seed }),
    ...fc.sample(badReads(kube), { numRuns: share(0.3), seed: seed + 1 }),
    ...fc.sample(writesToNothing(kube), { numRuns: share(0.23), seed: seed + 2 }),
    ...fc.sample(unparseableWrites(kube), { numRuns: share(0.12), seed: seed + 3 }),
  ];
}

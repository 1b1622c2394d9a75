// Raw HTTP against the embedded API server: auth, discovery, CRUD, errors as metav1.Status, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configMap, service, startTestServer, type TestServer } from './harness';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.stop(); });

const cmPath = (ns = 'default', name = '') => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;

describe('authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { Authorization: 'Bearer nope' }],
    ['basic auth', { Authorization: 'Basic YWRtaW46YWRtaW4=' }],
  ])('refuses %s with a 401 Status', async (_name, headers) => {
    const res = await fetch(`${s.url}/api/v1/namespaces`, { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });
});

describe('discovery', () => {
  it('serves /version, /api, /apis with the groups kubectl looks for', async () => {
    expect((await s.call('GET', '/version')).json).toMatchObject({ major: '1', gitVersion: expect.stringMatching(/^v1\.\d+\.\d+/) });
    expect((await s.call('GET', '/api')).json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await s.call('GET', '/apis')).json.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['discovery.k8s.io', 'coordination.k8s.io', 'events.k8s.io', 'apiextensions.k8s.io', 'metallb.io']));
  });

  it.each([
    ['/api/v1', 'services', ['svc'], true],
    ['/api/v1', 'namespaces', ['ns'], true],
    ['/api/v1', 'nodes', ['no'], true],
    ['/api/v1', 'configmaps', ['cm'], false],
    ['/api/v1', 'events', ['ev'], false],
    ['/apis/metallb.io/v1beta1', 'ipaddresspools', undefined, true],
    ['/apis/coordination.k8s.io/v1', 'leases', undefined, false],
  ])('%s lists %s with short names %j (status subresource: %s)', async (path, name, shortNames, hasStatus) => {
    const list = (await s.call('GET', path)).json;
    const res = list.resources.find((r: { name: string }) => r.name === name);
    expect(res.shortNames).toEqual(shortNames);
    expect(res.verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']));
    expect(list.resources.some((r: { name: string }) => r.name === `${name}/status`)).toBe(hasStatus);
  });

  it('serves OpenAPI v2 as protobuf (octet-stream, for kubectl 1.20) or JSON, and v3 per group-version', async () => {
    const v2 = await s.call('GET', '/openapi/v2');
    expect(v2.status).toBe(200);
    expect(v2.contentType).toBe('application/octet-stream');
    expect(Buffer.from(v2.text).subarray(0, 5).toString('latin1')).toBe('\n\x032.0');
    const json = (await s.call('GET', '/openapi/v2', undefined, { Accept: 'application/json' })).json;
    expect(json.definitions['io.k8s.api.core.v1.Service']['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Service', version: 'v1' }]);
    expect(json.definitions['io.k8s.api.core.v1.ServiceSpec'].properties.ports).toMatchObject({ 'x-kubernetes-patch-merge-key': 'port', 'x-kubernetes-patch-strategy': 'merge' });
    const root = (await s.call('GET', '/openapi/v3')).json;
    expect(root.paths['api/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    const pools = (await s.call('GET', root.paths['apis/metallb.io/v1beta1'].serverRelativeURL)).json;
    expect(pools.components.schemas['io.metallb.v1beta1.IPAddressPool'].properties.spec.properties.addresses.type).toBe('array');
    expect((await s.call('GET', '/openapi/v3/apis/nothing/v1')).status).toBe(404);
  });

  it('answers an unknown path with a 404 Status in JSON', async () => {
    const res = await s.call('GET', '/apis/example.com/v1/widgets');
    expect(res.status).toBe(404);
    expect(res.contentType).toBe('application/json');
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });
});

describe('create, get, list, update, delete', () => {
  it('creates with uid, creationTimestamp and a string resourceVersion, and gets it back', async () => {
    const created = await s.call('POST', cmPath(), configMap('one', { a: '1' }));
    expect(created.status).toBe(201);
    expect(created.json.metadata).toMatchObject({ name: 'one', namespace: 'default', uid: expect.any(String), resourceVersion: expect.stringMatching(/^\d+$/) });
    expect(created.json.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await s.call('GET', cmPath('default', 'one'))).json).toEqual(created.json);
  });

  it('refuses a second create of the same name with 409 AlreadyExists', async () => {
    await s.call('POST', cmPath(), configMap('dup'));
    const again = await s.call('POST', cmPath(), configMap('dup'));
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "dup" already exists', details: { name: 'dup', kind: 'configmaps' } });
  });

  it('fills generateName with a five-character suffix', async () => {
    const res = await s.call('POST', cmPath(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
    expect(res.status).toBe(201);
    expect(res.json.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('needs the namespace to exist, as a real cluster does', async () => {
    const res = await s.call('POST', cmPath('nowhere'), configMap('x'));
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ reason: 'NotFound', message: 'namespaces "nowhere" not found' });
  });

  it('rejects a body whose namespace differs from the URL with 400', async () => {
    const res = await s.call('POST', cmPath(), configMap('x', {}, { namespace: 'kube-system' }));
    expect(res.status).toBe(400);
    expect(res.json.reason).toBe('BadRequest');
  });

  it('rejects an update with a stale resourceVersion with 409 Conflict', async () => {
    const created = (await s.call('POST', cmPath(), configMap('stale', { v: '1' }))).json;
    const first = await s.call('PUT', cmPath('default', 'stale'), { ...created, data: { v: '2' } });
    expect(first.status).toBe(200);
    const second = await s.call('PUT', cmPath('default', 'stale'), { ...created, data: { v: '3' } });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ reason: 'Conflict', message: expect.stringContaining('Operation cannot be fulfilled on configmaps "stale": the object has been modified') });
    expect((await s.call('GET', cmPath('default', 'stale'))).json.data).toEqual({ v: '2' });
  });

  it('keeps the resourceVersion when an update changes nothing', async () => {
    const created = (await s.call('POST', cmPath(), configMap('same', { v: '1' }))).json;
    const updated = (await s.call('PUT', cmPath('default', 'same'), created)).json;
    expect(updated.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('deletes with 200 and the object, then 404', async () => {
    await s.call('POST', cmPath(), configMap('gone'));
    const del = await s.call('DELETE', cmPath('default', 'gone'), { propagationPolicy: 'Background' });
    expect(del.status).toBe(200);
    expect(del.json.metadata.name).toBe('gone');
    const get = await s.call('GET', cmPath('default', 'gone'));
    expect(get.status).toBe(404);
    expect(get.json.message).toBe('configmaps "gone" not found');
  });

  it('honours a uid precondition on delete', async () => {
    await s.call('POST', cmPath(), configMap('pre'));
    const res = await s.call('DELETE', cmPath('default', 'pre'), { preconditions: { uid: 'not-it' } });
    expect(res.status).toBe(409);
    expect((await s.call('GET', cmPath('default', 'pre'))).status).toBe(200);
  });

  it('keeps an object with finalizers until the last finalizer goes', async () => {
    await s.call('POST', cmPath(), configMap('fin', {}, { finalizers: ['example.com/hold'] }));
    const del = await s.call('DELETE', cmPath('default', 'fin'));
    expect(del.status).toBe(202);
    expect(del.json.metadata.deletionTimestamp).toBeTruthy();
    expect((await s.call('GET', cmPath('default', 'fin'))).status).toBe(200);
    const patch = await s.call('PATCH', cmPath('default', 'fin'), { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(patch.status).toBe(200);
    expect((await s.call('GET', cmPath('default', 'fin'))).status).toBe(404);
  });

  it('deletes everything in a namespace with it, and protects the built-in namespaces', async () => {
    await s.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch' } });
    await s.call('POST', cmPath('scratch'), configMap('inside'));
    expect((await s.call('DELETE', '/api/v1/namespaces/scratch')).status).toBe(200);
    expect((await s.call('GET', cmPath('scratch', 'inside'))).status).toBe(404);
    const res = await s.call('DELETE', '/api/v1/namespaces/default');
    expect(res.status).toBe(403);
    expect(res.json.reason).toBe('Forbidden');
  });

  it('labels new namespaces with their name and marks them Active', async () => {
    const ns = (await s.call('POST', '/api/v1/namespaces', { metadata: { name: 'labelled' } })).json;
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'labelled' });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it.each([
    ['an upper-case name', configMap('Bad'), 'metadata.name: Invalid value: "Bad"'],
    ['a bad label value', configMap('ok-name', {}, { labels: { a: 'not ok!' } }), 'metadata.labels: Invalid value: "not ok!"'],
    ['no name at all', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, 'metadata.name: Required value: name or generateName is required'],
  ])('rejects %s with 422 Invalid', async (_name, body, message) => {
    const res = await s.call('POST', cmPath(), body);
    expect(res.status).toBe(422);
    expect(res.json.reason).toBe('Invalid');
    expect(res.json.message).toContain(message);
  });

  it('rejects a body of the wrong kind with 400', async () => {
    const res = await s.call('POST', cmPath(), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } });
    expect(res.status).toBe(400);
  });
});

describe('bad requests change nothing and never crash the server', () => {
  it.each([
    ['POST', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "half"'],
    ['POST', '[1,2,3]'],
    ['POST', 'null'],
    ['PUT', '{"metadata": {"name": "stale"}, "data": '],
  ])('%s with malformed JSON %j is a 400 and the resourceVersion does not move', async (method, body) => {
    const before = (await s.call('GET', cmPath())).json.metadata.resourceVersion;
    const path = method === 'PUT' ? cmPath('default', 'stale') : cmPath();
    const res = await s.call(method, path, body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    expect((await s.call('GET', cmPath())).json.metadata.resourceVersion).toBe(before);
  });

  it('refuses a body over 3 MiB with 413', async () => {
    const res = await s.call('POST', cmPath(), configMap('big', { blob: 'x'.repeat(3 * 1024 * 1024 + 10) }));
    expect(res.status).toBe(413);
    expect((await s.call('GET', cmPath('default', 'big'))).status).toBe(404);
  });

  it('answers an unsupported verb with 405 MethodNotAllowed', async () => {
    const res = await s.call('POST', cmPath('default', 'one'), configMap('one'));
    expect(res.status).toBe(405);
    expect(res.json.reason).toBe('MethodNotAllowed');
  });

  it('refuses an unknown dryRun value', async () => {
    expect((await s.call('POST', `${cmPath()}?dryRun=Some`, configMap('dry'))).status).toBe(400);
  });
});

describe('dry run', () => {
  it('runs a create through every check but stores nothing', async () => {
    const res = await s.call('POST', `${cmPath()}?dryRun=All`, configMap('dry-one'));
    expect(res.status).toBe(201);
    expect(res.json.metadata.uid).toBeTruthy();
    expect((await s.call('GET', cmPath('default', 'dry-one'))).status).toBe(404);
  });

  it('shows a patched object without changing the stored one', async () => {
    await s.call('POST', cmPath(), configMap('dry-two', { v: '1' }));
    const res = await s.call('PATCH', `${cmPath('default', 'dry-two')}?dryRun=All`, { data: { v: '2' } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(res.json.data).toEqual({ v: '2' });
    expect((await s.call('GET', cmPath('default', 'dry-two'))).json.data).toEqual({ v: '1' });
  });
});

describe('selectors and paging', () => {
  beforeAll(async () => {
    await s.call('POST', '/api/v1/namespaces', { metadata: { name: 'sel' } });
    for (const [name, labels] of [['a', { tier: 'web', env: 'prod' }], ['b', { tier: 'db', env: 'prod' }], ['c', { tier: 'web' }], ['d', {}]] as const) {
      await s.call('POST', cmPath('sel'), configMap(name, {}, { labels }));
    }
  });

  it.each([
    ['tier=web', ['a', 'c']],
    ['tier==web,env=prod', ['a']],
    // Every namespace has its kube-root-ca.crt ConfigMap, as on a real cluster.
    ['tier!=web', ['b', 'd', 'kube-root-ca.crt']],
    ['tier in (web, db)', ['a', 'b', 'c']],
    ['tier notin (web)', ['b', 'd', 'kube-root-ca.crt']],
    ['env', ['a', 'b']],
    ['!env', ['c', 'd', 'kube-root-ca.crt']],
    ['', ['a', 'b', 'c', 'd', 'kube-root-ca.crt']],
  ])('labelSelector %j selects %j', async (selector, names) => {
    const res = await s.call('GET', `${cmPath('sel')}?labelSelector=${encodeURIComponent(selector)}`);
    expect(res.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(names);
  });

  it.each([
    ['metadata.name=b', ['b']],
    ['metadata.name!=b', ['a', 'c', 'd', 'kube-root-ca.crt']],
    ['metadata.namespace=sel,metadata.name=c', ['c']],
  ])('fieldSelector %j selects %j', async (selector, names) => {
    const res = await s.call('GET', `${cmPath('sel')}?fieldSelector=${encodeURIComponent(selector)}`);
    expect(res.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(names);
  });

  it.each([
    ['an unsupported field selector', 'fieldSelector=data.x%3Dy', 'field label not supported: data.x'],
    ['a broken label selector', 'labelSelector=tier%20in%20(web', 'unable to parse requirement'],
  ])('answers %s with 400', async (_name, query, message) => {
    const res = await s.call('GET', `${cmPath('sel')}?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.message).toContain(message);
  });

  it('pages with limit and continue, counting what remains', async () => {
    const first = (await s.call('GET', `${cmPath('sel')}?limit=3`)).json;
    expect(first.items).toHaveLength(3);
    expect(first.metadata.remainingItemCount).toBe(2);
    const second = (await s.call('GET', `${cmPath('sel')}?limit=3&continue=${first.metadata.continue}`)).json;
    expect(second.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['d', 'kube-root-ca.crt']);
    expect(second.metadata.continue).toBeUndefined();
  });

  it('pages across namespaces from a continue token, with a selector', async () => {
    const names = async (query: string) => {
      const all: string[] = [];
      let token = '';
      do {
        const page = (await s.call('GET', `/api/v1/configmaps?${query}&limit=2${token ? `&continue=${token}` : ''}`)).json;
        all.push(...page.items.map((i: { metadata: { namespace: string; name: string } }) => `${i.metadata.namespace}/${i.metadata.name}`));
        token = page.metadata.continue ?? '';
      } while (token);
      return all;
    };
    const whole = (await s.call('GET', '/api/v1/configmaps?labelSelector=tier')).json.items.map((i: { metadata: { namespace: string; name: string } }) => `${i.metadata.namespace}/${i.metadata.name}`);
    expect(await names('labelSelector=tier')).toEqual(whole);
    const everything = (await s.call('GET', '/api/v1/configmaps')).json.items.length;
    expect(await names('x=1')).toHaveLength(everything);
  });

  it('answers resourceVersion=0 whole whatever limit asked, as kube-apiserver serves it from its watch cache', async () => {
    const res = (await s.call('GET', `${cmPath('sel')}?limit=3&resourceVersion=0`)).json;
    expect(res.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a', 'b', 'c', 'd', 'kube-root-ca.crt']);
    expect(res.metadata.continue).toBeUndefined();
  });

  it('answers a Table whole whatever limit asked, as kubectl get pages 500 at a time', async () => {
    const table = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };
    const res = (await s.call('GET', `${cmPath('sel')}?limit=3`, undefined, table)).json;
    expect(res.rows.map((r: { cells: string[] }) => r.cells[0])).toEqual(['a', 'b', 'c', 'd', 'kube-root-ca.crt']);
    expect(res.metadata.continue).toBeUndefined();
    // A continue token from a paged JSON list still resumes where it left off.
    const first = (await s.call('GET', `${cmPath('sel')}?limit=3`)).json;
    const rest = (await s.call('GET', `${cmPath('sel')}?limit=3&continue=${first.metadata.continue}`, undefined, table)).json;
    expect(rest.rows.map((r: { cells: string[] }) => r.cells[0])).toEqual(['d', 'kube-root-ca.crt']);
  });

  it('lists across namespaces at the cluster-wide path', async () => {
    const res = (await s.call('GET', `/api/v1/configmaps?labelSelector=tier`)).json;
    expect(res.items.map((i: { metadata: { namespace: string } }) => i.metadata.namespace)).toEqual(['sel', 'sel', 'sel']);
  });
});

describe('tables', () => {
  it('answers as=Table with kubectl columns and row metadata', async () => {
    await s.call('POST', '/api/v1/namespaces/default/services', service('tabled', { type: 'LoadBalancer', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 443 }] }));
    const res = await s.call('GET', '/api/v1/services', undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    expect(res.json.kind).toBe('Table');
    expect(res.json.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector']);
    const row = res.json.rows.find((r: { cells: string[] }) => r.cells[0] === 'tabled');
    expect(row.cells[1]).toBe('LoadBalancer');
    expect(row.cells[3]).toBe('<pending>');
    expect(row.cells[4]).toMatch(/^80:3\d{4}\/TCP,443:3\d{4}\/TCP$/);
    expect(row.object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'tabled', namespace: 'default' } });
  });

  it('gzips a large list for a client that accepts it, and only for one that does', async () => {
    const filler = 'x'.repeat(4096);
    for (let i = 0; i < 40; i++) await s.call('POST', cmPath('default'), configMap(`big-${i}`, { filler }));
    const get = (encoding: string) => fetch(`${s.url}${cmPath('default')}`, { headers: { Authorization: `Bearer ${s.token}`, 'Accept-Encoding': encoding } });
    const zipped = await get('gzip, deflate');
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(Number(zipped.headers.get('content-length'))).toBeLessThan(40 * 4096);
    const plain = await get('gzip;q=0, identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    for (const res of [zipped, plain]) {
      const items = ((await res.json()) as { items: { metadata: { name: string } }[] }).items.filter((c) => c.metadata.name.startsWith('big-'));
      expect(items).toHaveLength(40);
    }
    // A small answer is not worth compressing.
    const one = await fetch(`${s.url}${cmPath('default', 'big-0')}`, { headers: { Authorization: `Bearer ${s.token}`, 'Accept-Encoding': 'gzip' } });
    expect(one.headers.get('content-encoding')).toBeNull();
  });
});

describe('less common verbs and renderings', () => {
  it('deletes a collection by label selector and leaves the rest', async () => {
    await s.call('POST', '/api/v1/namespaces', { metadata: { name: 'bulk' } });
    for (const [name, labels] of [['x1', { drop: 'yes' }], ['x2', { drop: 'yes' }], ['x3', {}]] as const) await s.call('POST', cmPath('bulk'), configMap(name, {}, { labels }));
    const res = await s.call('DELETE', `${cmPath('bulk')}?labelSelector=drop%3Dyes`);
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['x1', 'x2']);
    expect((await s.call('GET', cmPath('bulk'))).json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['kube-root-ca.crt', 'x3']);
  });

  it('answers as=PartialObjectMetadataList with metadata only', async () => {
    const res = await s.call('GET', cmPath('bulk'), undefined, { Accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json' });
    expect(res.json.kind).toBe('PartialObjectMetadataList');
    expect(res.json.items.at(-1)).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: expect.objectContaining({ name: 'x3' }) });
  });

  it('serves the legacy /watch/ path prefix', async () => {
    const rv = (await s.call('GET', cmPath('bulk'))).json.metadata.resourceVersion;
    const pending = fetch(`${s.url}/api/v1/watch/namespaces/bulk/configmaps?resourceVersion=${rv}&timeoutSeconds=1`, { headers: { Authorization: `Bearer ${s.token}` } });
    await s.call('POST', cmPath('bulk'), configMap('x4'));
    const lines = (await (await pending).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.type} ${l.object.metadata.name}`)).toEqual(['ADDED x4']);
  });

  it('refuses a failing JSON Patch test operation with 422 and changes nothing', async () => {
    const res = await s.call('PATCH', cmPath('bulk', 'x3'), [{ op: 'test', path: '/metadata/name', value: 'other' }, { op: 'add', path: '/data', value: { a: 'b' } }], { 'Content-Type': 'application/json-patch+json' });
    expect(res.status).toBe(422);
    expect((await s.call('GET', cmPath('bulk', 'x3'))).json.data).toEqual({});
  });

  it('needs a fieldManager for server-side apply, then creates or merges', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: "1"\n';
    const headers = { 'Content-Type': 'application/apply-patch+yaml' };
    expect((await s.call('PATCH', cmPath('default', 'applied'), yaml, headers)).status).toBe(422);
    expect((await s.call('PATCH', `${cmPath('default', 'applied')}?fieldManager=test`, yaml, headers)).status).toBe(201);
    const merged = await s.call('PATCH', `${cmPath('default', 'applied')}?fieldManager=test`, yaml.replace('"1"', '"2"'), headers);
    expect(merged.status).toBe(200);
    expect(merged.json.data).toEqual({ a: '2' });
  });

  it('prints events and nodes with kubectl\'s columns', async () => {
    await s.call('POST', '/api/v1/nodes', { metadata: { name: 'node-a', labels: { 'node-role.kubernetes.io/control-plane': '' } }, status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.33.0' } } });
    const table = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
    const nodes = (await s.call('GET', '/api/v1/nodes', undefined, table)).json;
    expect(nodes.columnDefinitions.filter((c: { priority: number }) => c.priority === 0).map((c: { name: string }) => c.name)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    expect(nodes.rows[0].cells.slice(0, 3)).toEqual(['node-a', 'Ready', 'control-plane']);
    expect(nodes.rows[0].cells[4]).toBe('v1.33.0');
    await s.call('POST', '/api/v1/namespaces/default/events', { metadata: { name: 'e1' }, involvedObject: { kind: 'Service', name: 'web' }, type: 'Normal', reason: 'IPAllocated', message: 'Assigned IP ["192.0.2.1"]', lastTimestamp: new Date().toISOString() });
    const events = (await s.call('GET', '/api/v1/namespaces/default/events', undefined, table)).json;
    expect(events.columnDefinitions.filter((c: { priority: number }) => c.priority === 0).map((c: { name: string }) => c.name)).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Message']);
    expect(events.rows[0].cells.slice(1, 4)).toEqual(['Normal', 'IPAllocated', 'service/web']);
  });
});

// The configuration preview and the label index on the built app with the embedded demo cluster:
// POST /api/v1/preview (draft object, List, ?delete=true, refusals in the API server's words),
// GET /api/v1/labels, and `ironlb preview` against the running dashboard with an API token.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getObject, RESOURCES, type KubeObject } from '../../server/kube';
import { runPreview } from '../../server/cli/preview';
import type { ConfigPreview, LabelIndex } from '../../lib/views';
import { startDashboard, waitUntil, type DashboardApp } from '../support/app';

let app: DashboardApp;
const SEED = 'ingress-nginx/ingress-nginx-controller';

beforeAll(async () => {
  app = await startDashboard();
  await waitUntil(async () => {
    const body = (await (await app.api('/api/v1/services')).json()) as { items: { namespace: string; name: string; state: string }[] };
    return body.items.some((s) => `${s.namespace}/${s.name}` === SEED && s.state === 'announced');
  }, 30_000, 'the seed service to be announced');
});

afterAll(async () => {
  await app?.stop();
});

const pool = (addresses: string[], name = 'my-ip-space') => ({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name }, spec: { addresses } });
const preview = async (body: unknown, query = '') => {
  const res = await app.api(`/api/v1/preview${query}`, { body });
  return { status: res.status, body: (await res.json()) as ConfigPreview & { code?: string; message?: string } };
};
const seedAnnouncer = async () => ((await (await app.api(`/api/v1/services/${SEED}`)).json()) as { service: { node: string } }).service.node;

describe('POST /api/v1/preview', () => {
  it('previews a narrowed pool: the seed service would change IP, and nothing is written', async () => {
    const before = await getObject<KubeObject & { spec: { addresses: string[] } }>(app.kube(), RESOURCES.ipaddresspools, { namespace: 'metallb-system', name: 'my-ip-space' });
    const r = await preview(pool(['10.20.13.16-10.20.13.20']));
    expect(r.status).toBe(200);
    expect(r.body.ipChanges).toEqual([{ service: SEED, before: ['10.20.13.15'], after: ['10.20.13.16'], poolBefore: 'my-ip-space', poolAfter: 'my-ip-space' }]);
    expect(r.body.changes).toEqual([{ op: 'apply', kind: 'IPAddressPool', name: 'my-ip-space' }]);
    const after = await getObject<KubeObject & { spec: { addresses: string[] } }>(app.kube(), RESOURCES.ipaddresspools, { namespace: 'metallb-system', name: 'my-ip-space' });
    expect(after?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
  });

  it('previews a delete: the service goes pending and stops being announced by its node', async () => {
    const node = await seedAnnouncer();
    const r = await preview({ kind: 'IPAddressPool', metadata: { name: 'my-ip-space' } }, '?delete=true');
    expect(r.status).toBe(200);
    expect(r.body.ipChanges).toEqual([{ service: SEED, before: ['10.20.13.15'], after: [], poolBefore: 'my-ip-space', poolAfter: null, reason: 'no available IPs' }]);
    expect(r.body.announcerMoves).toEqual([{ service: SEED, ip: '10.20.13.15', from: node, to: null, reason: 'the service would have no IP' }]);
    expect(r.body.summary.text).toBe('1 service loses its IP (pending)');
  });

  it('takes a List: a new pool and an advertisement that prefers another node, together', async () => {
    const node = await seedAnnouncer();
    const other = ['node01', 'node02', 'node03'].find((n) => n !== node);
    const adv = {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'L2Advertisement',
      metadata: { name: 'l2advertisement1' },
      spec: { ipAddressPools: ['my-ip-space'], preferredNodeSelectors: [{ weight: 10, preference: { matchLabels: { 'kubernetes.io/hostname': other } } }] },
    };
    const r = await preview({ apiVersion: 'v1', kind: 'List', items: [pool(['198.51.100.0/28'], 'lab'), adv] });
    expect(r.status).toBe(200);
    expect(r.body.announcerMoves).toEqual([{ service: SEED, ip: '10.20.13.15', from: node, to: other }]);
    expect(r.body.newPoolsWithoutAdvertisement).toEqual(['lab']);
  });

  it.each([
    ['an overlap, in the admission webhook words', pool(['10.20.13.0/24'], 'wide'), 'IPAddressPool "wide": CIDR "10.20.13.0/24" in pool "wide" overlaps with already defined CIDR "10.20.13.15-10.20.13.20" in pool "my-ip-space"'],
    [
      'a bad selector, in the API server words',
      { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'x' }, spec: { nodeSelectors: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In' }] }] } },
      "L2Advertisement \"x\": spec.nodeSelectors.0.matchExpressions.0.values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ],
    ['a Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } }, 'the object: kind must be IPAddressPool or L2Advertisement (got "Service")'],
  ])('answers 422 for %s', async (_name, body, message) => {
    const r = await preview(body);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'Invalid', message });
  });

  it('answers 422 for a body that is not an object', async () => {
    const r = await preview([1, 2]);
    expect(r.status).toBe(422);
  });
});

describe('GET /api/v1/labels', () => {
  it('lists the label keys and values of nodes, services, namespaces and pools', async () => {
    const res = await app.api('/api/v1/labels');
    expect(res.status).toBe(200);
    const index = (await res.json()) as LabelIndex;
    const hostname = index.nodes.find((l) => l.key === 'kubernetes.io/hostname');
    expect(hostname).toEqual({ key: 'kubernetes.io/hostname', count: 3, values: ['node01', 'node02', 'node03'] });
    expect(index.services.map((l) => l.key)).toContain('app.kubernetes.io/name');
    expect(index.namespaceNames).toEqual(expect.arrayContaining(['default', 'ingress-nginx', 'kube-system', 'metallb-system']));
    expect(index.namespaces.find((l) => l.key === 'kubernetes.io/metadata.name')?.values ?? ['(none)']).toContain('ingress-nginx');
  });
});

describe('ironlb preview against the dashboard', () => {
  const run = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runPreview(args, { stdin: Readable.from([]), stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, fetch });
    return { code, stdout, stderr };
  };
  const writeFile = (text: string) => {
    const p = path.join(mkdtempSync(path.join(tmpdir(), 'ironlb-preview-')), 'pool.yaml');
    writeFileSync(p, text);
    return p;
  };
  let token = '';
  beforeAll(async () => {
    const res = await app.api('/api/auth/tokens', { body: { name: 'preview-cli' } });
    token = ((await res.json()) as { token: string }).token;
  });

  it('prints what applying the file would move, exit 0', async () => {
    const file = writeFile('apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: my-ip-space\nspec:\n  addresses:\n  - 10.20.13.16-10.20.13.20\n');
    const r = await run(['-f', file, '--url', app.baseUrl, '--token', token]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('applying IPAddressPool my-ip-space: 1 service changes IP');
    expect(r.stdout).toMatch(/^ingress-nginx\/ingress-nginx-controller\s+10\.20\.13\.15\s+10\.20\.13\.16\s+my-ip-space$/m);
  });

  it('--delete -o json gives the API answer', async () => {
    const file = writeFile('apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: my-ip-space\n');
    const r = await run(['-f', file, '--delete', '-o', 'json', `--url=${app.baseUrl}`, `--token=${token}`]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ConfigPreview).ipChanges.map((c) => [c.service, c.after])).toEqual([[SEED, []]]);
  });

  it('exits 1 with the server message for a refused draft, and for a bad token', async () => {
    const file = writeFile('apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: wide\nspec:\n  addresses: [10.20.13.0/24]\n');
    const refused = await run(['-f', file, '--url', app.baseUrl, '--token', token]);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/^ironlb preview: IPAddressPool "wide": CIDR "10\.20\.13\.0\/24" in pool "wide" overlaps/);
    const denied = await run(['-f', file, '--url', app.baseUrl, '--token', 'nope']);
    expect(denied).toEqual({ code: 1, stdout: '', stderr: 'ironlb preview: API token is unknown, revoked or expired\n' });
  });
});

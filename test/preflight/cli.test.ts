// `ironlb preflight` against the embedded API server with its controller and simulated speakers:
// exit 0 on a sound cluster, 1 naming the pool that holds node addresses and the nodes that can
// never announce, 2 on a usage error or an unreachable cluster; and the real command exits.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSpeakerHealth } from '../../lib/reconcile/speaker-health';
import { parsePreflightArgs, runPreflight } from '../../server/cli/preflight';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../server/embedded/cluster';
import { createObject, listObjects, patchObject, RESOURCES } from '../../server/kube';
import { waitUntil } from '../support/app';

const NS = 'metallb-system';
const ROOT = resolve(import.meta.dirname, '..', '..');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runPreflight(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
  return { code, out, err };
}

describe('ironlb preflight arguments', () => {
  it.each([
    { args: [], want: { output: 'text', failOn: 'warn', namespace: 'metallb-system', help: false } },
    { args: ['-n', 'lb', '--output=json', '--fail-on', 'error', '--kubeconfig', '/k'], want: { namespace: 'lb', output: 'json', failOn: 'error', kubeconfig: '/k' } },
    { args: ['--help'], want: { help: true } },
  ])('reads $args', ({ args, want }) => expect(parsePreflightArgs(args)).toMatchObject(want));

  it.each([
    { args: ['--bogus'], want: 'unknown option "--bogus"' },
    { args: ['--output', 'yaml'], want: '--output must be text or json, got "yaml"' },
    { args: ['--fail-on=never'], want: '--fail-on must be warn or error, got "never"' },
    { args: ['--kubeconfig'], want: '--kubeconfig needs a value' },
  ])('refuses $args', ({ args, want }) => expect(parsePreflightArgs(args)).toBe(want));

  it('an unknown option exits 2 with the usage; --help exits 0 with it on stdout', async () => {
    const bad = await run(['--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^ironlb preflight: unknown option "--bogus"\nusage: ironlb preflight/);
    const help = await run(['-h']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: ironlb preflight/);
    expect(help.out).toContain('Exit status: 0 nothing wrong, 1 a check failed');
  });

  it('exits 2 with one line when the kubeconfig cannot be read', async () => {
    const r = await run(['--kubeconfig', '/nonexistent/kubeconfig']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^ironlb preflight: .*nonexistent/);
  });
});

describe('ironlb preflight against a cluster', () => {
  let dataDir: string;
  let cluster: EmbeddedCluster;
  const stop = new AbortController();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ironlb-preflight-'));
    cluster = await startEmbeddedCluster({ dataDir, systemNamespace: NS, signal: stop.signal, seed: false });
    const { kube } = cluster;
    for (const [i, name] of ['n1', 'n2'].entries()) {
      await createObject(kube, RESOURCES.nodes, {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name } },
        status: { addresses: [{ type: 'InternalIP', address: `192.0.2.${11 + i}` }] },
      });
    }
    await createObject(kube, RESOURCES.ipaddresspools, { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'good', namespace: NS }, spec: { addresses: ['198.51.100.0/28'] } });
    await createObject(kube, RESOURCES.l2advertisements, { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'all', namespace: NS }, spec: {} });
    // Sound means settled too: both speakers hold a Lease whose report says they hear each other
    // on the LAN (under load the first report can come before the other speaker was heard).
    await waitUntil(async () => {
      const leases = (await listObjects(kube, RESOURCES.leases, { namespace: NS, labelSelector: 'app.kubernetes.io/component=speaker' })).items;
      const hearsPeer = (annotations: Record<string, string> | undefined) => {
        const h = parseSpeakerHealth(annotations);
        return h.ok && (h.health.lan?.interfaces ?? []).some((i) => i.heard.length > 0);
      };
      return leases.length === 2 && leases.every((l) => hearsPeer(l.metadata.annotations));
    }, 60_000, 'both speakers to hold a Lease and report hearing each other');
  });

  afterAll(async () => {
    stop.abort();
    await cluster?.speakers?.stopped;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a sound cluster passes: exit 0, every check ok or info', async () => {
    const r = await run(['--kubeconfig', cluster.kubeconfigPath]);
    expect(r.err).toBe('');
    expect(r.out).toContain('ok      Nodes that can never announce: All 2 nodes can announce.');
    expect(r.out).toContain('ok      Pools that overlap the cluster: No pool contains a node address');
    expect(r.out).toContain('        note: Gateways: unknown.');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('0 errors, 0 warnings');
    expect(r.code).toBe(0);
  });

  it('a pool holding the nodes\' addresses fails with the pool, the addresses and the nodes named', async () => {
    await createObject(cluster.kube, RESOURCES.ipaddresspools, { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'lan', namespace: NS }, spec: { addresses: ['192.0.2.8/29'] } });
    const r = await run(['--kubeconfig', cluster.kubeconfigPath]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error   Pools that overlap the cluster: 1 pool can hand out addresses the cluster already uses');
    expect(r.out).toContain('        - pool lan contains 192.0.2.11 (InternalIP of node n1), 192.0.2.12 (InternalIP of node n2)');
    const json = await run(['--kubeconfig', cluster.kubeconfigPath, '--output', 'json', '--fail-on', 'error']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as { checks: { id: string; status: string }[]; errors: number };
    expect(report.checks.find((c) => c.id === 'poolOverlaps')?.status).toBe('error');
  });

  it('nodes that can never announce are named with why (MetalLB #2274)', async () => {
    for (const name of ['n1', 'n2'])
      await patchObject(cluster.kube, RESOURCES.nodes, { name }, { metadata: { labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': '' } } });
    const r = await run(['--kubeconfig', cluster.kubeconfigPath]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error   Nodes that can never announce: No node can announce: every LoadBalancer IP stays dark.');
    expect(r.out).toMatch(/ {8}- n1: labelled node\.kubernetes\.io\/exclude-from-external-load-balancers \(kubeadm puts it on control-plane nodes/);
  });

  it('the real command exits on its own with the same status', async () => {
    // Asynchronous: the API server it asks runs in this process.
    const r = await new Promise<{ code: number | null; signal: string | null; stdout: string }>((done) => {
      const child = execFile(process.execPath, [join(ROOT, 'bin/ironlb.mjs'), 'preflight', '--kubeconfig', cluster.kubeconfigPath, '--fail-on', 'error'], { timeout: 60_000 }, (_, stdout) =>
        done({ code: child.exitCode, signal: child.signalCode, stdout }),
      );
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Nodes that can never announce');
  });
});

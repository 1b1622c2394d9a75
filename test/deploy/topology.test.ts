// ironlb as a cluster runs it, every part a process of its own, each authenticated as its
// ServiceAccount from the in-cluster paths (a private mount namespace per "Pod"), under the RBAC
// `kubectl apply -k deploy/` installs: two controller processes (leader-elected), a speaker in
// each node's network namespace answering real ARP, and the dashboard pointed at the cluster
// with a kubeconfig, which must find ironlb's controller, run none of its own, and show
// everything in Chromium. Killing the leading controller with -9 moves no IP. Root only.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getObject, listObjects, RESOURCES, type KubeObject, type LeaseObject } from '../../server/kube';
import { electAnnouncer, hashRanker } from '../../lib/election';
import { advertisement, node as nodeInfo, service as serviceInfo } from '../../lib/election/test-fixtures';
import { sha256 } from '../../server/speaker/hash';
import { startDashboard, type DashboardApp } from '../support/app';
import { openBrowser, screenshot, type Browser } from '../support/browser';
import { assertRoot } from '../netns/support/topology';
import { SpeakerLab } from '../speaker/netns-lab';
import { createAdvertisement, createNode, createPool, setEndpoints, waitFor } from '../speaker/support';
import { applyInstall, inPod, NS, podRoot, REPO, serviceAccountToken, tokenKubeconfig, userOf } from './support';

const NODES = ['node-1', 'node-2', 'node-3'];
const ranker = hashRanker(sha256);
const winnerOf = (ip: string) => {
  const e = electAnnouncer({ nodes: NODES.map((n) => nodeInfo(n)), service: serviceInfo({ ips: [ip], endpointNodes: NODES }), advertisements: [advertisement()] }, ranker);
  if (!e.elected) throw new Error(e.detail);
  return e.winner;
};

interface Proc {
  child: ChildProcess;
  out: string[];
}

let lab: SpeakerLab;
let dashboard: DashboardApp;
let browser: Browser;
const controllers: Proc[] = [];

function startController(root: string): Proc {
  const argv = inPod(root, [process.execPath, join(REPO, 'bin/ironlb.mjs'), 'controller', '--namespace', NS]);
  const child = spawn(argv[0], argv.slice(1), {
    cwd: REPO,
    env: { ...process.env, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(lab.cluster.api.port), IRONLB_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = { child, out: [] as string[] };
  const keep = (b: Buffer) => proc.out.push(...b.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return proc;
}

const identityOf = (p: Proc) => p.out.map((l) => /"identity":"([^"]+)"/.exec(l)?.[1]).find(Boolean);
type Svc = KubeObject & { status?: { loadBalancer?: { ingress?: { ip: string }[] } } };
const ipsNow = async () =>
  new Map(
    ((await listObjects<Svc>(lab.kube, RESOURCES.services, { namespace: 'default' })).items as Svc[])
      .filter((s) => s.status?.loadBalancer?.ingress?.length)
      .map((s) => [s.metadata.name ?? '', s.status?.loadBalancer?.ingress?.[0]?.ip ?? '']),
  );
const leaseHolder = async () => (await getObject<LeaseObject>(lab.kube, RESOURCES.leases, { namespace: NS, name: 'ironlb-controller' }))?.spec?.holderIdentity;

async function createService(name: string) {
  await lab.kube.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/services',
    body: { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80, protocol: 'TCP' }] } },
  });
  await setEndpoints(lab.kube, name, NODES);
}

beforeAll(async () => {
  assertRoot();
  lab = await SpeakerLab.create({ nodes: 3, extraHosts: [] });
  await applyInstall(lab.cluster.api.kubeconfigPath);
  const controllerSa = await serviceAccountToken(lab.kube, 'ironlb-controller');
  const speakerSa = await serviceAccountToken(lab.kube, 'ironlb-speaker');
  const dashboardSa = await serviceAccountToken(lab.kube, 'ironlb-dashboard');
  for (const n of NODES) await createNode(lab.kube, n);
  await createPool(lab.kube, 'vips', ['203.0.113.0/28']);
  await createAdvertisement(lab.kube, 'l2');
  for (const name of ['web', 'api', 'shop']) await createService(name);
  // Speakers first, IPs after: a speaker that starts seconds before its peers and announces
  // their IPs meanwhile is issue 22's start-up race, not what this test is about.
  const speakerRoot = podRoot(speakerSa.token, speakerSa.ca);
  for (const n of NODES) lab.startSpeaker(n, [], {}, (argv) => inPod(speakerRoot, argv));
  await lab.waitForMembers(NODES);
  const controllerRoot = podRoot(controllerSa.token, controllerSa.ca);
  controllers.push(startController(controllerRoot), startController(controllerRoot));
  dashboard = await startDashboard({
    IRONLB_MODE: 'auto',
    KUBECONFIG: tokenKubeconfig(`https://127.0.0.1:${lab.cluster.api.port}`, dashboardSa.token, dashboardSa.ca),
  });
  browser = await openBrowser(dashboard);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.stop();
  for (const c of controllers) c.child.kill('SIGKILL');
  await lab?.destroy();
});

describe('the multi-process topology of a cluster', () => {
  it('the controllers give every service an IP and exactly the elected node answers ARP for it', async () => {
    const ips = await waitFor('three IPs', async () => ((await ipsNow()).size === 3 ? ipsNow() : undefined), 30_000);
    for (const ip of ips.values()) {
      await lab.waitForAnnouncer(ip, winnerOf(ip));
      const macs = new Set((await lab.topo.arping(lab.topo.client, ip, { count: 2 })).map((r) => r.mac));
      expect(macs).toEqual(new Set([lab.host(winnerOf(ip)).mac]));
    }
  });

  it('the dashboard finds ironlb running, runs no controller, and shows each IP with its node in Chromium', async () => {
    const info = (await (await dashboard.api('/api/v1/cluster')).json()) as { mode?: string; runsController?: boolean };
    expect(info).toMatchObject({ mode: 'cluster', runsController: false });
    const page = await browser.newPage();
    await page.goto(`${dashboard.baseUrl}/services`);
    await expect.poll(() => page.locator('[data-testid="mode-badge"]').getAttribute('data-mode')).toBe('cluster');
    for (const [name, ip] of await ipsNow()) {
      const row = page.locator(`#main [data-testid="service-row"][data-key="default/${name}"]`);
      await expect.poll(async () => (await row.textContent()) ?? '', { timeout: 15_000 }).toContain(ip);
      await expect.poll(async () => (await row.textContent()) ?? '', { timeout: 15_000 }).toContain(winnerOf(ip));
    }
    await screenshot(page, 'cluster-mode-services');
    await page.close();
    const dashboardWrites = lab.cluster.api.requests.entries().filter((r) => r.user === userOf('dashboard') && !['get', 'list', 'watch'].includes(r.verb));
    expect(dashboardWrites).toEqual([]);
  });

  it('kill -9 of the leading controller: the other takes over and no IP moves', async () => {
    const before = await ipsNow();
    const holder = await waitFor('a leader', leaseHolder);
    const leader = controllers.find((c) => identityOf(c) === holder);
    expect(leader, `no controller process is ${holder}`).toBeDefined();
    leader?.child.kill('SIGKILL');
    const standby = controllers.find((c) => c !== leader);
    await waitFor('the standby leading', async () => ((await leaseHolder()) === identityOf(standby as Proc) ? true : undefined), 40_000);
    await createService('late');
    await waitFor('an IP for a service created after the takeover', async () => ((await ipsNow()).has('late') ? true : undefined), 20_000);
    const after = await ipsNow();
    for (const [name, ip] of before) expect(after.get(name), name).toBe(ip);
    expect(lab.cluster.api.requests.entries().filter((r) => !r.allowed)).toEqual([]);
  }, 90_000);
});

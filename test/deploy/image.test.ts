// The container image, run as the install runs it: the controller with the DaemonSet's and
// Deployment's conditions (read-only root, every capability dropped, uid 65534; the speaker as uid
// 0 with only NET_RAW added), each with its ServiceAccount token mounted at the in-cluster path,
// speakers inside the node network namespaces answering real ARP, and the dashboard finding
// ironlb's controller. Root only (network namespaces, podman).
import { chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electAnnouncer, hashRanker } from '../../lib/election';
import { advertisement, node as nodeInfo, service as serviceInfo } from '../../lib/election/test-fixtures';
import { listObjects, RESOURCES, type KubeObject } from '../../server/kube';
import { sha256 } from '../../server/speaker/hash';
import { freePort, waitUntil } from '../support/app';
import { assertRoot } from '../netns/support/topology';
import { API_PORT, SpeakerLab } from '../speaker/netns-lab';
import { createAdvertisement, createNode, createPool, setEndpoints, waitFor } from '../speaker/support';
import { ensureImage, podman } from './image-support';
import { applyInstall, NS, podRoot, serviceAccountToken } from './support';

const NODES = ['node-1', 'node-2', 'node-3'];
const SA_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const ranker = hashRanker(sha256);
const winnerOf = (ip: string) => {
  const e = electAnnouncer({ nodes: NODES.map((n) => nodeInfo(n)), service: serviceInfo({ ips: [ip], endpointNodes: NODES }), advertisements: [advertisement()] }, ranker);
  if (!e.elected) throw new Error(e.detail);
  return e.winner;
};

let image: string;
let lab: SpeakerLab;
const names: string[] = [];
const run = (name: string, args: string[]) => {
  names.push(name);
  podman(['run', '-d', '--name', name, ...args]);
};
const logsOf = (name: string) => podman(['logs', name], { allowFailure: true, stderr: true });

type Svc = KubeObject & { status?: { loadBalancer?: { ingress?: { ip: string }[] } } };

beforeAll(async () => {
  assertRoot();
  image = ensureImage();
  lab = await SpeakerLab.create({ nodes: 3, extraHosts: [] });
  await applyInstall(lab.cluster.api.kubeconfigPath);
  for (const n of NODES) await createNode(lab.kube, n);
  await createPool(lab.kube, 'vips', ['203.0.113.0/28']);
  await createAdvertisement(lab.kube, 'l2');
  for (const name of ['web', 'api']) {
    await lab.kube.request({ method: 'POST', path: '/api/v1/namespaces/default/services', body: { metadata: { name }, spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80, protocol: 'TCP' }] } } });
    await setEndpoints(lab.kube, name, NODES);
  }
}, 1_200_000);

afterAll(async () => {
  for (const n of names) podman(['rm', '-f', '-t', '2', n], { allowFailure: true });
  await lab?.destroy();
});

const suffix = `${process.pid}`;

describe('the image', () => {
  it('runs the controller read-only, without capabilities, as nobody, from its in-cluster ServiceAccount', async () => {
    const sa = await serviceAccountToken(lab.kube, 'ironlb-controller');
    const metrics = await freePort();
    run(`ironlb-controller-${suffix}`, [
      '--network', 'host', '--read-only', '--cap-drop', 'ALL', '--user', '65534:65534',
      '-v', `${podRoot(sa.token, sa.ca)}${SA_PATH}:${SA_PATH}:ro`,
      '-e', 'KUBERNETES_SERVICE_HOST=127.0.0.1', '-e', `KUBERNETES_SERVICE_PORT=${lab.cluster.api.port}`,
      image, 'controller', '--namespace', NS, '--metrics-host', '127.0.0.1', '--metrics-port', String(metrics),
    ]);
    const ips = await waitFor(
      'IPs from the containerised controller',
      async () => {
        const items = (await listObjects<Svc>(lab.kube, RESOURCES.services, { namespace: 'default' })).items as Svc[];
        const got = items.map((s) => s.status?.loadBalancer?.ingress?.[0]?.ip).filter(Boolean);
        return got.length === 2 ? got : undefined;
      },
      60_000,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${logsOf(`ironlb-controller-${suffix}`)}`);
    });
    expect(ips.sort()).toEqual(['203.0.113.0', '203.0.113.1']);
    expect((await fetch(`http://127.0.0.1:${metrics}/readyz`)).status).toBe(200);
    const text = await (await fetch(`http://127.0.0.1:${metrics}/metrics`)).text();
    expect(text).toMatch(/metallb_allocator_addresses_in_use_total\{pool="vips"\} 2/);
    expect(Number(/^process_resident_memory_bytes (\S+)$/m.exec(text)?.[1])).toBeGreaterThan(20e6); // the process's own metrics too
  }, 120_000);

  it('runs a speaker in each node namespace with only NET_RAW, and exactly the elected node answers ARP', async () => {
    const sa = await serviceAccountToken(lab.kube, 'ironlb-speaker');
    const root = podRoot(sa.token, sa.ca);
    for (const n of NODES) {
      run(`ironlb-speaker-${n}-${suffix}`, [
        '--network', `ns:/var/run/netns/${lab.host(n).netns}`, '--read-only', '--cap-drop', 'ALL', '--cap-add', 'NET_RAW', '--user', '0:0',
        '-v', `${root}${SA_PATH}:${SA_PATH}:ro`,
        '-e', `NODE_NAME=${n}`, '-e', 'KUBERNETES_SERVICE_HOST=127.0.0.1', '-e', `KUBERNETES_SERVICE_PORT=${API_PORT}`,
        image, 'speaker', '--namespace', NS,
      ]);
    }
    for (const ip of ['203.0.113.0', '203.0.113.1']) {
      const want = lab.host(winnerOf(ip)).mac;
      const macs = await waitUntil(
        async () => {
          const seen = new Set((await lab.topo.arping(lab.topo.client, ip, { count: 2 })).map((r) => r.mac));
          return seen.size === 1 && seen.has(want) ? seen : undefined;
        },
        60_000,
        `${ip} answered by ${winnerOf(ip)} alone`,
      ).catch((e: unknown) => {
        throw new Error(`${String(e)}\n${NODES.map((n) => logsOf(`ironlb-speaker-${n}-${suffix}`).slice(-1500)).join('\n')}`);
      });
      expect([...macs]).toEqual([want]);
    }
  }, 120_000);

  it('runs the dashboard read-only as nobody, and it finds the controller and runs none', async () => {
    const sa = await serviceAccountToken(lab.kube, 'ironlb-dashboard');
    const port = await freePort();
    // The Deployment's emptyDir for /data, writable by the dashboard's fsGroup.
    const data = mkdtempSync(join(tmpdir(), 'ironlb-dash-data-'));
    chownSync(data, 65534, 65534);
    run(`ironlb-dashboard-${suffix}`, [
      '--network', 'host', '--read-only', '--cap-drop', 'ALL', '--user', '65534:65534', '-v', `${data}:/data`, '--tmpfs', '/tmp',
      '-v', `${podRoot(sa.token, sa.ca)}${SA_PATH}:${SA_PATH}:ro`,
      '-e', 'KUBERNETES_SERVICE_HOST=127.0.0.1', '-e', `KUBERNETES_SERVICE_PORT=${lab.cluster.api.port}`,
      image, 'dashboard', '--namespace', NS, '--host', '127.0.0.1', '--port', String(port), '--admin-secret', 'ironlb-dashboard-admin',
    ]);
    // Healthz answers liveness only (no session); the mode is in the worker's start-up log line.
    await waitUntil(
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/healthz`);
        return res.status === 200 ? true : undefined;
      },
      90_000,
      'the dashboard container healthy',
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${logsOf(`ironlb-dashboard-${suffix}`)}`);
    });
    const started = await waitUntil(
      async () => logsOf(`ironlb-dashboard-${suffix}`).split('\n').find((l) => l.includes('runtime running')),
      30_000,
      "the dashboard's worker running",
    );
    expect(JSON.parse(started.slice(started.indexOf('{')))).toMatchObject({ mode: 'cluster', runsController: false });
    expect(logsOf(`ironlb-dashboard-${suffix}`)).toMatch(/password is in Secret metallb-system\/ironlb-dashboard-admin \(generated now\)/);
  }, 120_000);
});

// The embedded cluster (API server, demo seed, controller, simulated speakers) and the dashboard,
// scraped over HTTP through the worker's /metrics operation: every metric the alert rules and the
// Grafana dashboard use is one of these processes exports, every catalogue entry is exported
// with its type and labels, a healthy demo fires no alert, and real trouble fires the right ones.
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_CATALOGUE } from '../../lib/metrics/catalogue';
import { serveMetrics } from '../../server/cli/daemon';
import { startDashboard } from '../../server/dashboard/dashboard';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../server/embedded/cluster';
import { createObject, patchObject, RESOURCES } from '../../server/kube';
import { handlers } from '../../server/worker/ops';
import type { Runtime } from '../../server/worker/runtime';
import { waitUntil } from '../support/app';
import { parseExposition, type Exposition } from './support/exposition';
import { metricNames } from './support/promql';
import { alertsAt, allRules, GRAFANA_DASHBOARD, readRepoFile } from './support/rules';
import type { Scrape } from './support/series-store';
import { grafanaQueries } from './support/grafana';

const NS = 'metallb-system';
/** Families a test run cannot fill here, and why. */
const WITHOUT_SAMPLES: Record<string, string> = {
  ironlb_layer2_conflicts_total: 'needs a foreign MAC on the LAN (speaker unit tests and the netns tests make one)',
  ironlb_controller_events_dropped_total: 'needs a flood of events for one object (server/kube event-correlator tests make one)',
  ironlb_speaker_heartbeats_rejected_total: 'needs a forged or replayed heartbeat (the lan-membership tests send them)',
};

let dataDir: string;
let cluster: EmbeddedCluster;
let server: Server;
const stop = new AbortController();

async function scrape(): Promise<{ text: string; exposition: Exposition }> {
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, exposition: parseExposition(text) };
}

const asScrape = (e: Exposition, t: number): Scrape => ({ t, target: { job: 'ironlb-dashboard', instance: 'embedded' }, samples: e.samples });
const value = (e: Exposition, name: string, labels: Record<string, string>) =>
  e.samples.find((s) => s.labels.__name__ === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

beforeAll(async () => {
  setMaxListeners(64, stop.signal); // the cluster's and the dashboard's informers listen on it
  dataDir = mkdtempSync(join(tmpdir(), 'ironlb-monitoring-'));
  cluster = await startEmbeddedCluster({ dataDir, systemNamespace: NS, signal: stop.signal, seed: true });
  const runtime: Runtime = {
    kube: cluster.kube,
    embedded: cluster,
    systemNamespace: NS,
    dataDir,
    start: async () => undefined,
    stopped: async () => undefined,
    describe: () => ({ mode: 'embedded', state: 'running', cluster: 'embedded', runsController: true, readOnly: false }),
    push: () => undefined,
  };
  startDashboard(runtime, stop.signal);
  server = await serveMetrics(0, '127.0.0.1', async () => String(await handlers.metrics(runtime, {})));
});

afterAll(async () => {
  server?.close();
  stop.abort();
  await cluster?.speakers?.stopped;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('what the controller, the speakers and the dashboard export', () => {
  let healthy: Exposition;
  let troubled: Exposition;

  it('a healthy demo cluster fires no alert', async () => {
    healthy = (
      await waitUntil(async () => {
        const s = await scrape();
        const announced = value(s.exposition, 'metallb_speaker_announced', { ip: '10.20.13.15' }) === 1;
        const seen = value(s.exposition, 'ironlb_services', { state: 'announced' }) === 1;
        return announced && seen ? s : undefined;
      }, 30_000, 'the seed service to be announced and seen by the dashboard')
    ).exposition;
    expect(alertsAt([asScrape(healthy, 0)], 0)).toEqual([]);
  });

  it('an exhausted pool, an excluded announcer and a stranded service fire exactly their alerts', async () => {
    const { kube } = cluster;
    const announcer = healthy.samples.find((s) => s.labels.__name__ === 'metallb_speaker_announced')!.labels.node;
    await createObject(kube, RESOURCES.ipaddresspools, { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'tiny', namespace: NS }, spec: { addresses: ['198.51.100.10/32'] } });
    await createObject(kube, RESOURCES.l2advertisements, {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'L2Advertisement',
      metadata: { name: 'tiny-one-node', namespace: NS },
      spec: { ipAddressPools: ['tiny'], nodeSelectors: [{ matchLabels: { 'kubernetes.io/hostname': announcer } }] },
    });
    await createObject(kube, RESOURCES.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'squeezed', namespace: 'default', annotations: { 'metallb.io/address-pool': 'tiny' } },
      spec: { type: 'LoadBalancer', selector: { app: 'squeezed' }, ports: [{ port: 80, protocol: 'TCP' }] },
    });
    await createObject(kube, RESOURCES.endpointslices, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'squeezed-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'squeezed' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['203.0.113.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: announcer }],
      ports: [{ name: '', port: 80, protocol: 'TCP' }],
    });
    await patchObject(kube, RESOURCES.nodes, { name: announcer }, { metadata: { labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': '' } } });
    troubled = (
      await waitUntil(async () => {
        const s = await scrape();
        const moved = value(s.exposition, 'ironlb_service_announcer_changes_total', { service: 'ingress-nginx/ingress-nginx-controller' }) === 1;
        const stranded = value(s.exposition, 'ironlb_service_problem', { service: 'default/squeezed', state: 'notAnnounced' }) === 1;
        return moved && stranded ? s : undefined;
      }, 30_000, 'the failover and the stranded service to show')
    ).exposition;
    expect(value(troubled, 'ironlb_node_cannot_announce', { node: announcer, reason: 'excludedByLabel' })).toBe(1);
    const fired = alertsAt([asScrape(troubled, 0)], 0).map((a) => `${a.alert} ${a.labels.pool ?? a.labels.service ?? ''}`).sort();
    expect(fired).toEqual([
      'IronLBServiceNotAnnounced default/squeezed',
      'MetalLBAddressPoolExhausted tiny',
      'MetalLBAddressPoolUsage75Percent tiny',
      'MetalLBAddressPoolUsage85Percent tiny',
      'MetalLBAddressPoolUsage95Percent tiny',
    ]);
  });

  it('every metric an alert rule or a Grafana panel uses is exported', () => {
    const exported = new Set([...healthy.types.keys(), ...troubled.types.keys()]);
    const recorded = new Set(allRules().flatMap((r) => (r.record ? [r.record] : [])));
    const grafana = grafanaQueries(JSON.parse(readRepoFile(GRAFANA_DASHBOARD)));
    const used = [...allRules().map((r) => r.expr), ...grafana.map((q) => q.expr)].flatMap(metricNames);
    const missing = [...new Set(used)].filter((n) => !exported.has(n) && !recorded.has(n));
    expect(missing).toEqual([]);
  });

  it('every catalogue metric is exported with its type, help and labels; all but the listed ones have samples', () => {
    const families = new Map<string, Set<string>>();
    for (const s of [...healthy.samples, ...troubled.samples]) {
      const { __name__: name, ...labels } = s.labels;
      families.set(name, new Set([...(families.get(name) ?? []), JSON.stringify(Object.keys(labels).sort())]));
    }
    for (const m of METRIC_CATALOGUE) {
      expect(troubled.types.get(m.name), m.name).toBe(m.kind);
      expect(troubled.help.get(m.name), m.name).toBe(m.help);
      const labelSets = families.get(m.name);
      if (WITHOUT_SAMPLES[m.name]) {
        expect(labelSets, `${m.name} has samples now: take it off WITHOUT_SAMPLES`).toBeUndefined();
        continue;
      }
      expect([...(labelSets ?? [])], m.name).toEqual([JSON.stringify([...m.labels].sort())]);
    }
    const ours = [...troubled.types.keys()].filter((n) => n.startsWith('ironlb_') || n.startsWith('metallb_'));
    expect(ours.filter((n) => !METRIC_CATALOGUE.some((m) => m.name === n))).toEqual([]);
  });
});

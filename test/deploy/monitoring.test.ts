// `kubectl apply -k deploy/overlays/monitoring`, rendered by kubectl 1.33's kustomize and applied
// to the embedded API server: the whole install plus the PrometheusRule, the PodMonitors and the
// Grafana ConfigMap. The embedded server stores CRDs but serves no kind of a CRD it does not
// know (server/apiserver/README.md), so the Prometheus Operator's kinds are checked on the render
// (each PodMonitor against the pods it must select), and everything else is applied for real.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { getObject, RESOURCES, type KubeObject } from '../../server/kube';
import { startCluster, type Cluster } from '../support/cluster';
import { kubectl, NS, renderInstall, REPO } from './support';

const OVERLAY = 'deploy/overlays/monitoring';
const OPERATOR_GROUP = 'monitoring.coreos.com/v1';

interface Workload extends KubeObject {
  spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: { ports?: { name?: string }[] }[] } } };
}
interface PodMonitor extends KubeObject {
  spec: { selector: { matchLabels: Record<string, string> }; podMetricsEndpoints: { port: string; path: string }[] };
}

let cluster: Cluster;
let overlay: KubeObject[];
let install: KubeObject[];
const key = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const repoFile = (path: string) => readFileSync(join(REPO, path), 'utf8');

beforeAll(async () => {
  cluster = await startCluster('ironlb-monitoring-deploy-');
  [overlay, install] = await Promise.all([renderInstall(cluster.api.kubeconfigPath, OVERLAY), renderInstall(cluster.api.kubeconfigPath)]);
});

afterAll(async () => {
  await cluster?.close();
});

describe('the monitoring overlay', () => {
  it('is the whole install plus the alert rules, three PodMonitors and the Grafana dashboard ConfigMap', () => {
    const added = overlay.filter((o) => !install.some((i) => key(i) === key(o)));
    expect(added.map(key).sort()).toEqual([
      `ConfigMap ${NS}/ironlb-grafana-dashboard`,
      `PodMonitor ${NS}/ironlb-controller`,
      `PodMonitor ${NS}/ironlb-dashboard`,
      `PodMonitor ${NS}/ironlb-speaker`,
      `PrometheusRule ${NS}/ironlb`,
    ]);
    expect(overlay.length - added.length).toBe(install.length);
  });

  it('each PodMonitor selects exactly one rendered workload, in its namespace, whose pods name the port it scrapes', () => {
    const workloads = overlay.filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet') as Workload[];
    const monitors = overlay.filter((o) => o.kind === 'PodMonitor') as PodMonitor[];
    expect(monitors).toHaveLength(3);
    for (const m of monitors) {
      const selected = workloads.filter(
        (w) => w.metadata.namespace === m.metadata.namespace && Object.entries(m.spec.selector.matchLabels).every(([k, v]) => w.spec.template.metadata.labels[k] === v),
      );
      expect(selected.map(key), m.metadata.name).toHaveLength(1);
      const ports = selected[0].spec.template.spec.containers.flatMap((c) => c.ports ?? []).map((p) => p.name);
      for (const e of m.spec.podMetricsEndpoints) expect(ports, `${m.metadata.name} scrapes port ${e.port}`).toContain(e.port);
    }
  });

  it('applies: every object the API server serves is created, the Grafana ConfigMap with its sidecar label and the JSON as shipped', async () => {
    const served = overlay.filter((o) => o.apiVersion !== OPERATOR_GROUP);
    const out = await kubectl(cluster.api.kubeconfigPath, ['apply', '--server-side', '-f', '-'], served.map((o) => stringify(o)).join('---\n'));
    expect(out.code, out.stderr).toBe(0);
    const cm = (await getObject(cluster.kube, RESOURCES.configmaps, { namespace: NS, name: 'ironlb-grafana-dashboard' })) as KubeObject & { data?: Record<string, string> };
    expect(cm.metadata.labels?.grafana_dashboard).toBe('1');
    expect(JSON.parse(cm.data?.['ironlb.json'] ?? '{}')).toEqual(JSON.parse(repoFile('deploy/monitoring/grafana-dashboard.json')));
    const installed = await kubectl(cluster.api.kubeconfigPath, ['get', 'deploy,ds', '-n', NS, '-o', 'name']);
    expect(installed.stdout.trim().split('\n').sort()).toEqual(['daemonset.apps/ironlb-speaker', 'deployment.apps/ironlb-controller', 'deployment.apps/ironlb-dashboard']);
  });

  it("without the Prometheus Operator's CRDs kubectl refuses the rules and monitors by name (what docs/operators.md warns of)", async () => {
    const out = await kubectl(cluster.api.kubeconfigPath, ['apply', '--server-side', '-k', join(REPO, OVERLAY)]);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/no matches for kind "PrometheusRule" in version "monitoring\.coreos\.com\/v1"/);
    expect(out.stderr).toMatch(/no matches for kind "PodMonitor" in version "monitoring\.coreos\.com\/v1"/);
  });
});

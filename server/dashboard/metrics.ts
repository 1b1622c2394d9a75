// The dashboard's own Prometheus metrics (names in lib/metrics/catalogue.ts): what its live views
// know and no single controller or speaker does. Services per state and the ones with a problem,
// announcer changes, each node's speaker state and why a node can never announce, and preflight.
// Read from the views at scrape time; served on the dashboard's /metrics next to the controller's.
import { Counter, Gauge, Registry } from 'prom-client';
import { DASHBOARD_METRICS as M, type MetricDef } from '../../lib/metrics/catalogue';
import { countByState, findBlockedNodes } from '../../lib/views';
import type { Dashboard } from './dashboard';

const SERVICE_STATES = ['announced', 'pending', 'notAnnounced', 'conflict'] as const;
const CHECK_STATUSES = ['ok', 'info', 'warn', 'error'] as const;

const registries = new WeakMap<Dashboard, Registry>();

function gauge<L extends string>(registry: Registry, d: MetricDef<L>, collect: (g: Gauge<L>) => void): void {
  new Gauge<L>({
    name: d.name,
    help: d.help,
    labelNames: d.labels,
    registers: [registry],
    collect() {
      this.reset();
      collect(this);
    },
  });
}

function createRegistry(dash: Dashboard): Registry {
  const registry = new Registry();
  const small = () => dash.state.lists;
  gauge(registry, M.services, (g) => {
    const counts = countByState(dash.state.serviceRows());
    for (const state of SERVICE_STATES) g.set({ state }, counts[state]);
  });
  gauge(registry, M.serviceProblem, (g) => {
    for (const r of dash.state.serviceRows())
      if (r.state !== 'announced') g.set({ service: `${r.namespace}/${r.name}`, state: r.state, reason: r.reasonCode }, 1);
  });
  new Counter({
    name: M.announcerChanges.name,
    help: M.announcerChanges.help,
    labelNames: M.announcerChanges.labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const [service, n] of dash.announcerChanges.counts()) this.inc({ service }, n);
    },
  });
  gauge(registry, M.speakerState, (g) => {
    for (const n of small().nodes) g.set({ node: n.name, state: n.speaker }, 1);
  });
  gauge(registry, M.cannotAnnounce, (g) => {
    for (const b of findBlockedNodes(small().nodes, small().advertisements))
      for (const r of b.reasons) g.set({ node: b.node, reason: r.code }, 1);
  });
  gauge(registry, M.preflightChecks, (g) => {
    for (const status of CHECK_STATUSES) g.set({ status }, small().preflight.checks.filter((c) => c.status === status).length);
  });
  return registry;
}

/** Prometheus text of the dashboard's views, brought up to date first. */
export async function dashboardMetricsText(dash: Dashboard): Promise<string> {
  await dash.ready();
  dash.push(true);
  let registry = registries.get(dash);
  if (!registry) {
    registry = createRegistry(dash);
    registries.set(dash, registry);
  }
  return registry.metrics();
}

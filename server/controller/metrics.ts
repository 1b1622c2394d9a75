// The controller's Prometheus metrics, with MetalLB's names, in one prom-client registry.
// metricsText() is what the dashboard serves on /metrics (merge it with other registries there).
import { Counter, Gauge, Registry } from 'prom-client';

export interface ControllerMetrics {
  registry: Registry;
  addressesTotal: Gauge<'pool'>;
  addressesInUse: Gauge<'pool'>;
  updates: Counter;
  updateErrors: Counter;
  configLoaded: Gauge;
  configStale: Gauge;
  isLeader: Gauge;
  eventsDropped: Counter<'reason'>;
}

let shared: ControllerMetrics | undefined;

function createMetrics(): ControllerMetrics {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    addressesTotal: gauge('metallb_allocator_addresses_total', 'Number of usable IP addresses, per pool', ['pool']),
    addressesInUse: gauge('metallb_allocator_addresses_in_use_total', 'Number of IP addresses in use, per pool', ['pool']),
    updates: counter('metallb_k8s_client_updates_total', 'Number of k8s object updates that have been processed.'),
    updateErrors: counter('metallb_k8s_client_update_errors_total', 'Number of k8s object updates that failed for some reason.'),
    configLoaded: gauge('metallb_k8s_client_config_loaded_bool', '1 if the MetalLB configuration was successfully loaded at least once.'),
    configStale: gauge('metallb_k8s_client_config_stale_bool', '1 if running on a stale configuration, because the latest config failed to load.'),
    isLeader: gauge('ironlb_controller_leader_bool', '1 if this process is the active (lease-holding) controller.'),
    eventsDropped: counter('ironlb_controller_events_dropped_total', 'Events the per-object spam filter dropped (a burst of 25 per object, then one per 5 minutes), by reason.', ['reason']),
  };
}

/** One set per process: every controller in the process reports into it. */
export function controllerMetrics(): ControllerMetrics {
  shared ??= createMetrics();
  return shared;
}

/** Prometheus text exposition of the controller metrics. */
export function metricsText(): Promise<string> {
  return controllerMetrics().registry.metrics();
}

/** Content-Type to serve metricsText() with. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

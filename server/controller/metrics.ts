// The controller's Prometheus metrics, with MetalLB's names (lib/metrics/catalogue.ts), in one
// prom-client registry. metricsText() is what the dashboard serves on /metrics (merged there).
import { Counter, Gauge, Registry } from 'prom-client';
import { CONTROLLER_METRICS as M, type MetricDef } from '../../lib/metrics/catalogue';

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
  const gauge = <L extends string>(d: MetricDef<L>) =>
    new Gauge<L>({ name: d.name, help: d.help, labelNames: d.labels, registers: [registry] });
  const counter = (d: MetricDef<never>) => new Counter({ name: d.name, help: d.help, registers: [registry] });
  return {
    registry,
    addressesTotal: gauge(M.addressesTotal),
    addressesInUse: gauge(M.addressesInUse),
    updates: counter(M.updates),
    updateErrors: counter(M.updateErrors),
    configLoaded: gauge(M.configLoaded),
    configStale: gauge(M.configStale),
    isLeader: gauge(M.isLeader),
    eventsDropped: new Counter({ name: M.eventsDropped.name, help: M.eventsDropped.help, labelNames: M.eventsDropped.labels, registers: [registry] }),
  };
}

/** One set per process: every controller in the process reports into it. */
export function controllerMetrics(): ControllerMetrics {
  shared ??= createMetrics();
  return shared;
}

/**
 * A controller that stops leading drops its per-pool numbers: the new leader reports them, and a
 * standby's frozen copy would double every pool series (and its alerts) until it restarts.
 */
export function forgetPoolGauges(metrics: ControllerMetrics): void {
  metrics.addressesTotal.reset();
  metrics.addressesInUse.reset();
}

/** Prometheus text exposition of the controller metrics. */
export function metricsText(): Promise<string> {
  return controllerMetrics().registry.metrics();
}

/** Content-Type to serve metricsText() with. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

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
  /**
   * Brings the per-pool gauges up to date; called at each scrape (the gauges' collect hook).
   * Set by the leading controller's pool status writer, so a bulk change does not pay two gauge
   * updates per service.
   */
  refreshPoolGauges?: () => void;
}

let shared: ControllerMetrics | undefined;

function createMetrics(): ControllerMetrics {
  const registry = new Registry();
  const gauge = <L extends string>(d: MetricDef<L>, collect?: () => void) =>
    new Gauge<L>({ name: d.name, help: d.help, labelNames: d.labels, registers: [registry], collect });
  const counter = (d: MetricDef<never>) => new Counter({ name: d.name, help: d.help, registers: [registry] });
  const refresh = () => metrics.refreshPoolGauges?.();
  const metrics: ControllerMetrics = {
    registry,
    addressesTotal: gauge(M.addressesTotal, refresh),
    addressesInUse: gauge(M.addressesInUse, refresh),
    updates: counter(M.updates),
    updateErrors: counter(M.updateErrors),
    configLoaded: gauge(M.configLoaded),
    configStale: gauge(M.configStale),
    isLeader: gauge(M.isLeader),
    eventsDropped: new Counter({ name: M.eventsDropped.name, help: M.eventsDropped.help, labelNames: M.eventsDropped.labels, registers: [registry] }),
  };
  return metrics;
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

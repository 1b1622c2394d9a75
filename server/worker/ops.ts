// The worker's operations, by name: each takes the runtime and the (already validated) args.
import type { Runtime } from './runtime';
import { OpError } from './protocol';
import { dashboardHandlers } from './ops/dashboard';
import { historyHandlers } from './ops/history';
import { metricsText as controllerMetricsText } from '../controller/metrics';
import { getDashboard } from '../dashboard/dashboard';
import type { DashboardRuntime } from '../dashboard/runtime-view';
import { historyMetricsText } from '../history/metrics';

export type Handler = (runtime: Runtime, args: unknown) => Promise<unknown>;

/** Operations that write to the cluster: refused by a read-only dashboard (IRONLB_READ_ONLY). */
const WRITES = /\.(create|update|delete|setExclusion|fixStrictArp|apply)$/;

function refuseWritesWhenReadOnly(name: string, handler: Handler): Handler {
  if (!WRITES.test(name)) return handler;
  return (runtime, args) => {
    if (runtime.describe().readOnly) {
      return Promise.reject(
        new OpError(403, 'ReadOnly', 'this dashboard is read-only (IRONLB_READ_ONLY=true): change the objects with kubectl, or restart it without the setting'),
      );
    }
    return handler(runtime, args);
  };
}

const all: Record<string, Handler> = {
  status: async (runtime) => runtime.describe(),
  /** Prometheus text: the controller's registry, the simulated speakers' in embedded mode, the pools' forecasts. */
  metrics: async (runtime) => {
    const parts = [await controllerMetricsText()];
    if (runtime.embedded?.speakers) parts.push(await runtime.embedded.speakers.metricsText());
    if (runtime.kube) parts.push(await historyMetricsText(getDashboard(runtime as unknown as DashboardRuntime)));
    return parts.join('\n');
  },
  ...dashboardHandlers,
  ...historyHandlers,
};

export const handlers: Record<string, Handler> = Object.fromEntries(
  Object.entries(all).map(([name, handler]) => [name, refuseWritesWhenReadOnly(name, handler)]),
);

// The worker's operations, by name: each takes the runtime and the (already validated) args.
import type { Runtime } from './runtime';
import { dashboardHandlers } from './ops/dashboard';
import { historyHandlers } from './ops/history';
import { metricsText as controllerMetricsText } from '../controller/metrics';
import { getDashboard } from '../dashboard/dashboard';
import type { DashboardRuntime } from '../dashboard/runtime-view';
import { historyMetricsText } from '../history/metrics';

export type Handler = (runtime: Runtime, args: unknown) => Promise<unknown>;

export const handlers: Record<string, Handler> = {
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

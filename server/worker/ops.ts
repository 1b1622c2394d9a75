// The worker's operations, by name: each takes the runtime and the (already validated) args.
import type { Runtime } from './runtime';
import { dashboardHandlers } from './ops/dashboard';
import { metricsText as controllerMetricsText } from '../controller/metrics';
import { getDashboard } from '../dashboard/dashboard';
import { dashboardMetricsText } from '../dashboard/metrics';
import type { DashboardRuntime } from '../dashboard/runtime-view';
import { moduleLogger } from '../log';

export type Handler = (runtime: Runtime, args: unknown) => Promise<unknown>;

export const handlers: Record<string, Handler> = {
  status: async (runtime) => runtime.describe(),
  /**
   * Prometheus text: the controller's registry, the simulated speakers' in embedded mode, and the
   * dashboard's views (left out, and logged, while the cluster cannot be read).
   */
  metrics: async (runtime) => {
    const parts = [await controllerMetricsText()];
    if (runtime.embedded?.speakers) parts.push(await runtime.embedded.speakers.metricsText());
    if (runtime.kube) {
      try {
        parts.push(await dashboardMetricsText(getDashboard(runtime as unknown as DashboardRuntime)));
      } catch (e) {
        moduleLogger('metrics').warn({ op: 'metrics', err: e instanceof Error ? e.message : String(e) }, 'dashboard metrics left out');
      }
    }
    return parts.join('\n');
  },
  ...dashboardHandlers,
};

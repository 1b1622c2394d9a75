// The worker's operations, by name: each takes the runtime and the (already validated) args.
import type { Runtime } from './runtime';
import { dashboardHandlers } from './ops/dashboard';
import { metricsText as controllerMetricsText } from '../controller/metrics';

export type Handler = (runtime: Runtime, args: unknown) => Promise<unknown>;

export const handlers: Record<string, Handler> = {
  status: async (runtime) => runtime.describe(),
  /** Prometheus text: the controller's registry, plus the simulated speakers' in embedded mode. */
  metrics: async (runtime) => {
    const parts = [await controllerMetricsText()];
    if (runtime.embedded?.speakers) parts.push(await runtime.embedded.speakers.metricsText());
    return parts.join('\n');
  },
  ...dashboardHandlers,
};

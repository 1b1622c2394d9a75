// The worker's operations, by name: each takes the runtime and the (already validated) args.
import type { Runtime } from './runtime';
import { isWriteOp } from '../../lib/contract/worker-ops';
import { OpError } from '../http/op-error';
import { dashboardHandlers } from './ops/dashboard';
import { historyHandlers } from './ops/history';
import { metricsText as controllerMetricsText } from '../controller/metrics';
import { getDashboard } from '../dashboard/dashboard';
import { dashboardMetricsText } from '../dashboard/metrics';
import { historyMetricsText } from '../history/metrics';
import { moduleLogger } from '../log';

export type Handler = (runtime: Runtime, args: unknown) => Promise<unknown>;

/** Operations that write to the cluster (lib/contract) are refused by a read-only dashboard (IRONLB_READ_ONLY). */
function refuseWritesWhenReadOnly(name: string, handler: Handler): Handler {
  if (!isWriteOp(name)) return handler;
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
  /**
   * Prometheus text: the controller's registry, the simulated speakers' in embedded mode, and the
   * dashboard's views and the pools' forecasts (left out, and logged, while the cluster cannot be read).
   */
  metrics: async (runtime) => {
    const parts = [await controllerMetricsText()];
    if (runtime.embedded?.speakers) parts.push(await runtime.embedded.speakers.metricsText());
    if (runtime.kube) {
      try {
        const dashboard = getDashboard(runtime);
        parts.push(await dashboardMetricsText(dashboard), await historyMetricsText(dashboard));
      } catch (e) {
        moduleLogger('metrics').warn({ op: 'metrics', err: e instanceof Error ? e.message : String(e) }, 'dashboard metrics left out');
      }
    }
    return parts.join('\n');
  },
  ...dashboardHandlers,
  ...historyHandlers,
};

export const handlers: Record<string, Handler> = Object.fromEntries(
  Object.entries(all).map(([name, handler]) => [name, refuseWritesWhenReadOnly(name, handler)]),
);

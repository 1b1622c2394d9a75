// The worker's operations, by name: each takes the runtime and the (already validated) args.
import type { Runtime } from './runtime';
import { dashboardHandlers } from './ops/dashboard';

export type Handler = (runtime: Runtime, args: unknown) => Promise<unknown>;

export const handlers: Record<string, Handler> = {
  status: async (runtime) => runtime.describe(),
  ...dashboardHandlers,
};

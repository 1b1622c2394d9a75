// The history's worker operations, by name: each resolves this runtime's Dashboard and calls one
// function of server/history. Arguments arrive already validated by the route's zod schema.
import { getDashboard, type Dashboard } from '../../dashboard/dashboard';
import type { DashboardRuntime } from '../../dashboard/runtime-view';
import { HISTORY_LIMIT_DEFAULT } from '../../../lib/schemas/history-query';
import {
  readFlapping,
  readForecast,
  readHistoryRange,
  readIPHistory,
  readNodeHistory,
  readPoolHistory,
  readServiceHistory,
  readUsage,
} from '../../history/queries';
import type { RangeQuery } from '../../history/ledger';
import { verifyService } from '../../history/verify';
import type { Handler } from '../ops';

type Args = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const range = (a: Args): RangeQuery => ({ since: num(a.since), until: num(a.until), limit: num(a.limit) ?? HISTORY_LIMIT_DEFAULT });

const ops: Record<string, (dash: Dashboard, a: Args) => Promise<unknown>> = {
  'history.service': (dash, a) => readServiceHistory(dash, str(a.namespace), str(a.name), range(a)),
  'history.ip': (dash, a) => readIPHistory(dash, str(a.ip), range(a)),
  'history.pool': (dash, a) => readPoolHistory(dash, str(a.name), range(a)),
  'history.node': (dash, a) => readNodeHistory(dash, str(a.name), range(a)),
  'history.range': (dash, a) => readHistoryRange(dash, range(a)),
  'history.flapping': (dash, a) => readFlapping(dash, { windowMs: num(a.window), threshold: num(a.threshold), limit: num(a.limit) }),
  'pools.forecast': (dash, a) => readForecast(dash, str(a.name)),
  'pools.usage': (dash, a) => readUsage(dash, str(a.name), { since: num(a.since), until: num(a.until) }),
};

export const historyHandlers: Record<string, Handler> = {
  ...Object.fromEntries(
    Object.entries(ops).map(([name, op]): [string, Handler] => [name, async (runtime, args) => op(getDashboard(runtime as unknown as DashboardRuntime), (args ?? {}) as Args)]),
  ),
  'services.verify': async (runtime, args) => {
    const a = (args ?? {}) as Args;
    return verifyService(getDashboard(runtime as unknown as DashboardRuntime), runtime.embedded?.lanClient, str(a.namespace), str(a.name));
  },
};

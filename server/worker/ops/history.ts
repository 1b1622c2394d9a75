// The history's worker operations, by name and typed by lib/contract/worker-ops: each resolves
// this runtime's Dashboard and calls one function of server/history. Arguments arrive parsed by
// the route's zod schema.
import { getDashboard, type Dashboard } from '../../dashboard/dashboard';
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
import type { OpArgs, OpName, OpResult, RangeArgs } from '../../../lib/contract/worker-ops';
import type { Handler } from '../ops';

/** The history's operations (lib/contract/worker-ops), less the verify that needs the LAN client. */
export type HistoryOpName = Extract<OpName, `history.${string}` | 'pools.forecast' | 'pools.usage'>;

const range = (a: RangeArgs): RangeQuery => ({ since: a.since, until: a.until, limit: a.limit ?? HISTORY_LIMIT_DEFAULT });

const ops: { [K in HistoryOpName]: (dash: Dashboard, a: OpArgs<K>) => Promise<OpResult<K>> } = {
  'history.service': (dash, a) => readServiceHistory(dash, a.namespace, a.name, range(a)),
  'history.ip': (dash, a) => readIPHistory(dash, a.ip, range(a)),
  'history.pool': (dash, a) => readPoolHistory(dash, a.name, range(a)),
  'history.node': (dash, a) => readNodeHistory(dash, a.name, range(a)),
  'history.range': (dash, a) => readHistoryRange(dash, range(a)),
  'history.flapping': (dash, a) => readFlapping(dash, { windowMs: a.window, threshold: a.threshold, limit: a.limit }),
  'pools.forecast': (dash, a) => readForecast(dash, a.name),
  'pools.usage': (dash, a) => readUsage(dash, a.name, { since: a.since, until: a.until }),
};

export const historyHandlers: Record<string, Handler> = {
  ...Object.fromEntries(
    Object.entries(ops).map(([name, op]): [string, Handler] => [name, async (runtime, args) => (op as (d: Dashboard, a: never) => Promise<unknown>)(getDashboard(runtime), args as never)]),
  ),
  'services.verify': async (runtime, args) => {
    const a = args as OpArgs<'services.verify'>;
    return verifyService(getDashboard(runtime), runtime.embedded?.lanClient, a.namespace, a.name);
  },
};

// Prometheus gauges of the history: each pool's exhaustion forecast (so an alert can fire a week
// before a pool runs out) and the ledger's size. Computed at scrape time from the ledger.
import { Gauge, Registry } from 'prom-client';
import { secondsToExhaustion } from '../../lib/history';
import { DASHBOARD_METRICS as M } from '../../lib/metrics/catalogue';
import type { Dashboard } from '../dashboard/dashboard';
import { forecastFor } from './queries';

interface HistoryMetrics {
  registry: Registry;
  exhaustion: Gauge<'pool'>;
  rate: Gauge<'pool'>;
  entries: Gauge;
}

let shared: HistoryMetrics | undefined;

function metrics(): HistoryMetrics {
  if (shared) return shared;
  const registry = new Registry();
  shared = {
    registry,
    exhaustion: new Gauge({ name: M.poolExhaustion.name, help: M.poolExhaustion.help, labelNames: ['pool'], registers: [registry] }),
    rate: new Gauge({ name: M.poolAllocationRate.name, help: M.poolAllocationRate.help, labelNames: ['pool'], registers: [registry] }),
    entries: new Gauge({ name: M.historyEntries.name, help: M.historyEntries.help, registers: [registry] }),
  };
  return shared;
}

export async function historyMetricsText(dash: Dashboard): Promise<string> {
  const m = metrics();
  m.exhaustion.reset();
  m.rate.reset();
  const ledger = dash.history?.ledger;
  if (!ledger || !dash.cache.isSynced()) return '';
  const now = Date.now();
  for (const pool of dash.state.lists.pools) {
    const f = forecastFor(ledger, pool, now);
    m.exhaustion.set({ pool: pool.name }, secondsToExhaustion(f, now));
    m.rate.set({ pool: pool.name }, f.ratePerDay);
  }
  m.entries.set(ledger.size());
  return m.registry.metrics();
}

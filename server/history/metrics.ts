// Prometheus gauges of the history: each pool's exhaustion forecast (so an alert can fire a week
// before a pool runs out) and the ledger's size. Computed at scrape time from the ledger.
import { Gauge, Registry } from 'prom-client';
import { secondsToExhaustion } from '../../lib/history';
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
    exhaustion: new Gauge({
      name: 'ironlb_pool_exhaustion_seconds',
      help: 'Seconds until the pool has no free address at the current net allocation rate (+Inf: not at this rate; 0: full).',
      labelNames: ['pool'],
      registers: [registry],
    }),
    rate: new Gauge({
      name: 'ironlb_pool_allocation_rate_per_day',
      help: 'Net addresses taken from the pool per day, over the last 7 days (negative: the pool is draining).',
      labelNames: ['pool'],
      registers: [registry],
    }),
    entries: new Gauge({ name: 'ironlb_history_entries', help: 'Entries in the history ledger.', registers: [registry] }),
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
  for (const pool of dash.state.small.pools) {
    const f = forecastFor(ledger, pool, now);
    m.exhaustion.set({ pool: pool.name }, secondsToExhaustion(f, now));
    m.rate.set({ pool: pool.name }, f.ratePerDay);
  }
  m.entries.set(ledger.size());
  return m.registry.metrics();
}

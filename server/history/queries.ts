// The history's read operations for the worker: a service's, an IP's, a pool's and a node's
// entries, a time range, the flapping report, a pool's utilisation and its exhaustion forecast.
// Each answers 404 for what the ledger never saw and the cluster does not have, 503 without a ledger.
import { forecastExhaustion, FORECAST_WINDOW_MS, type FlappingReport, type HistoryEntry, type HistoryPage, type PoolForecast, type PoolUsage } from '../../lib/history';
import { canonicalizeIp } from '../../lib/packet';
import type { Dashboard } from '../dashboard/dashboard';
import { notFound } from '../dashboard/errors';
import { readStreamPosition } from '../dashboard/queries';
import { OpError } from '../http/op-error';
import type { Ledger, RangeQuery } from './ledger';

export const FLAPPING_DEFAULTS = { windowMs: 3_600_000, threshold: 3, limit: 20 };

async function ledgerOf(dash: Dashboard): Promise<Ledger> {
  await dash.ready();
  dash.push(true); // what the views saw so far is recorded before the answer
  if (!dash.history) throw new OpError(503, 'HistoryUnavailable', `history is not available: ${dash.historyError ?? 'the ledger is not open'}`);
  return dash.history.ledger;
}

/** With the stream position the answer reflects (ledgerOf pushed every change seen so far first). */
const entries = (dash: Dashboard, items: HistoryEntry[]): HistoryPage => ({ entries: items, ...readStreamPosition(dash) });

export async function readServiceHistory(dash: Dashboard, namespace: string, name: string, q: RangeQuery) {
  const ledger = await ledgerOf(dash);
  const key = `${namespace}/${name}`;
  if (!ledger.knows('service', key) && !dash.state.getView(key)) {
    throw notFound(`history of LoadBalancer service ${key}: no such service was ever seen`);
  }
  return entries(dash, ledger.byService(key, q));
}

export async function readIPHistory(dash: Dashboard, ip: string, q: RangeQuery) {
  const canonical = canonicalizeIp(ip);
  if (!canonical.ok) throw new OpError(400, 'Invalid', `"${ip.slice(0, 64)}" is not an IPv4 or IPv6 address`);
  const ledger = await ledgerOf(dash);
  if (!ledger.knows('ip', canonical.value)) throw notFound(`history of ${canonical.value}: no service ever held this IP`);
  return entries(dash, ledger.byIP(canonical.value, q));
}

export async function readPoolHistory(dash: Dashboard, pool: string, q: RangeQuery) {
  const ledger = await ledgerOf(dash);
  if (!ledger.knows('pool', pool) && !dash.state.facts.pools().has(pool)) throw notFound(`history of IPAddressPool ${pool}: no such pool was ever seen`);
  return entries(dash, ledger.byPool(pool, q));
}

export async function readNodeHistory(dash: Dashboard, node: string, q: RangeQuery) {
  const ledger = await ledgerOf(dash);
  const exists = dash.cache.list('nodes').some((n) => n.metadata.name === node);
  if (!ledger.knows('node', node) && !exists) throw notFound(`history of node ${node}: no such node was ever seen`);
  return entries(dash, ledger.byNode(node, q));
}

export async function readHistoryRange(dash: Dashboard, q: RangeQuery) {
  return entries(dash, (await ledgerOf(dash)).range(q));
}

export async function readFlapping(dash: Dashboard, opts: Partial<typeof FLAPPING_DEFAULTS>): Promise<FlappingReport> {
  const ledger = await ledgerOf(dash);
  const o = {
    windowMs: opts.windowMs ?? FLAPPING_DEFAULTS.windowMs,
    threshold: opts.threshold ?? FLAPPING_DEFAULTS.threshold,
    limit: opts.limit ?? FLAPPING_DEFAULTS.limit,
  };
  return { windowMs: o.windowMs, threshold: o.threshold, services: ledger.flapping(Date.now() - o.windowMs, o.threshold, o.limit), ...readStreamPosition(dash) };
}

function currentPool(dash: Dashboard, name: string) {
  const pool = dash.state.lists.pools.find((p) => p.name === name);
  if (!pool) throw notFound(`IPAddressPool ${name}`);
  return pool;
}

export async function readForecast(dash: Dashboard, name: string): Promise<PoolForecast> {
  const ledger = await ledgerOf(dash);
  return forecastFor(ledger, currentPool(dash, name), Date.now());
}

export function forecastFor(ledger: Ledger, pool: { name: string; used: number; total: string }, now: number): PoolForecast {
  const samples = ledger.usage(pool.name, now - FORECAST_WINDOW_MS, now, 2_000);
  return forecastExhaustion({ pool: pool.name, size: Number(pool.total), used: pool.used, samples, now });
}

export async function readUsage(dash: Dashboard, name: string, q: { since?: number; until?: number }): Promise<PoolUsage> {
  const ledger = await ledgerOf(dash);
  const pool = currentPool(dash, name);
  const now = Date.now();
  const until = Math.min(q.until ?? now, now);
  const since = q.since ?? until - FORECAST_WINDOW_MS;
  const points = ledger.usage(name, since, until);
  // The level holds until now: end the line at the current count.
  if (until >= now - 60_000) points.push({ at: now, used: pool.used, size: Number(pool.total) });
  return { pool: name, points };
}

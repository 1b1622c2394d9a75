// Keeps IPAddressPool status counters and the per-pool Prometheus gauges current. Writes are
// coalesced (at most one pass per interval) and only for pools whose counters changed.
import { toStatusCount, type Allocator } from '../../lib/allocator';
import type { PoolConfig } from '../../lib/config';
import { describeError, RESOURCES, sleep, updateWithRetry, type Informer, type KubeApi, type KubeObject, type Logger } from '../kube';
import type { ControllerMetrics } from './metrics';

type PoolObject = KubeObject & { status?: Record<string, unknown> };

const STATUS_FIELDS = ['assignedIPv4', 'assignedIPv6', 'availableIPv4', 'availableIPv6'] as const;
type PoolStatus = Record<(typeof STATUS_FIELDS)[number], number>;

export function poolStatusOf(allocator: Allocator, pool: string): PoolStatus | undefined {
  const c = allocator.countersForPool(pool);
  if (!c) return undefined;
  return {
    assignedIPv4: toStatusCount(c.assignedIPv4),
    assignedIPv6: toStatusCount(c.assignedIPv6),
    availableIPv4: toStatusCount(c.availableIPv4),
    availableIPv6: toStatusCount(c.availableIPv6),
  };
}

const sameStatus = (have: Record<string, unknown> | undefined, want: PoolStatus): boolean =>
  STATUS_FIELDS.every((f) => (have?.[f] ?? 0) === want[f]);

export interface PoolStatusDeps {
  kube: KubeApi;
  systemNamespace: string;
  pools: Informer<PoolObject>;
  metrics: ControllerMetrics;
  logger: Logger;
}

export interface PoolStatusWriter {
  /** The allocator changed: the gauges follow at the next scrape, the status write within intervalMs. */
  markDirty(): void;
  /** Runs until the signal aborts, writing at most once per intervalMs. */
  start(signal: AbortSignal, current: () => { allocator: Allocator; pools: PoolConfig[]; writeStatus: boolean }): Promise<void>;
}

export function createPoolStatusWriter(deps: PoolStatusDeps, intervalMs = 200): PoolStatusWriter {
  let dirty = true;
  let wake: (() => void) | undefined;
  const reported = new Set<string>();
  /** What we last wrote, so a lagging informer cache does not cause a second write. */
  const written = new Map<string, string>();

  /** Whether the allocator changed since the gauges were last set. */
  let gaugesStale = true;
  const updateGauges = (allocator: Allocator, pools: PoolConfig[]) => {
    gaugesStale = false;
    const names = new Set(pools.map((p) => p.name));
    for (const name of reported) {
      if (names.has(name)) continue;
      deps.metrics.addressesTotal.remove(name);
      deps.metrics.addressesInUse.remove(name);
      reported.delete(name);
    }
    for (const name of names) {
      const s = poolStatusOf(allocator, name);
      if (!s) continue;
      const inUse = s.assignedIPv4 + s.assignedIPv6;
      deps.metrics.addressesTotal.set({ pool: name }, inUse + s.availableIPv4 + s.availableIPv6);
      deps.metrics.addressesInUse.set({ pool: name }, inUse);
      reported.add(name);
    }
  };

  const writeStatuses = async (allocator: Allocator, pools: PoolConfig[], signal: AbortSignal) => {
    for (const pool of pools) {
      const want = poolStatusOf(allocator, pool.name);
      const cached = deps.pools.get(`${deps.systemNamespace}/${pool.name}`);
      if (!want || !cached || sameStatus(cached.status, want)) continue;
      const wantText = JSON.stringify(want);
      if (written.get(pool.name) === wantText && cached.metadata.resourceVersion === written.get(`${pool.name}#rv`)) continue;
      try {
        const r = await updateWithRetry<PoolObject>(
          deps.kube,
          RESOURCES.ipaddresspools,
          { namespace: deps.systemNamespace, name: pool.name },
          (cur) => (sameStatus(cur.status, want) ? undefined : { ...cur, status: { ...cur.status, ...want } }),
          { initial: cached, subresource: 'status', signal },
        );
        if (r.outcome === 'updated') {
          deps.metrics.updates.inc();
          written.set(pool.name, wantText);
          written.set(`${pool.name}#rv`, cached.metadata.resourceVersion ?? '');
        }
      } catch (err) {
        if (signal.aborted) return;
        deps.metrics.updateErrors.inc();
        deps.logger.warn({ op: 'poolStatus', pool: pool.name, err: describeError(err) }, 'could not write pool status');
        dirty = true;
      }
    }
  };

  return {
    markDirty() {
      dirty = true;
      gaugesStale = true;
      wake?.();
    },
    async start(signal, current) {
      const refresh = () => {
        if (!gaugesStale) return;
        const { allocator, pools } = current();
        updateGauges(allocator, pools);
      };
      deps.metrics.refreshPoolGauges = refresh;
      const onAbort = () => {
        if (deps.metrics.refreshPoolGauges === refresh) deps.metrics.refreshPoolGauges = undefined;
        wake?.();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      while (!signal.aborted) {
        if (!dirty) await new Promise<void>((r) => (wake = r));
        wake = undefined;
        if (signal.aborted) break;
        dirty = false;
        const { allocator, pools, writeStatus } = current();
        updateGauges(allocator, pools);
        if (writeStatus) await writeStatuses(allocator, pools, signal);
        await sleep(intervalMs, signal);
      }
      signal.removeEventListener('abort', onAbort);
    },
  };
}

// The operations the dashboard's Next process asks of its worker thread, declared once: each
// one's name, arguments, result, and whether it writes to the cluster. The route handlers' and
// server pages' callWorker (app/api/v1/_lib/route-kit.ts), the worker's dispatch
// (server/worker/ops) and the browser's queries (components/data/queries.ts) all take their types
// from here, so a renamed operation or a changed result is a build error, not a broken page.
// Arguments arrive parsed: the route reads the request against the shared zod schema (lib/schemas)
// once, and the worker trusts the types.
import type { FlappingReport, HistoryPage, PoolForecast, PoolUsage, VerifyReport } from '../history';
import type { L2Advertisement } from '../schemas/l2-advertisement';
import type { IPAddressPool } from '../schemas/ip-address-pool';
import type { L2AdvertisementForm as AdvertisementForm } from '../schemas/l2-advertisement-form';
import type { PoolForm } from '../schemas/pool-form';
import type {
  AdvertisementView,
  ConfigPreview,
  EventView,
  LabelIndex,
  NodeView,
  OverviewView,
  PoolDetail,
  PoolView,
  PreflightReport,
  ServiceDetail,
  StreamPosition,
  Versioned,
  WhatIfMode,
  WhatIfResult,
} from '../views';
import type { ClusterMode, LoadBalancerDetection } from '../views/cluster-mode';
import { queryKeys } from './query-keys';

export type Positioned<T> = T & StreamPosition;

export type RuntimeState = 'starting' | 'running' | 'failed' | 'stopped';

/** What the worker says about itself: which cluster, in which mode, and how it is doing. */
export interface RuntimeDescription {
  mode: ClusterMode;
  state: RuntimeState;
  error?: string;
  /** Something to act on that is not an error (no controller in the cluster). */
  warning?: string;
  kubeconfigPath?: string;
  cluster: string;
  /** This dashboard runs the controller (embedded, standalone). */
  runsController: boolean;
  readOnly: boolean;
  detection?: LoadBalancerDetection;
}

/** GET /api/v1/cluster: the runtime, and how the dashboard reaches the cluster right now. */
export interface ClusterInfo extends RuntimeDescription {
  systemNamespace: string;
  server: string;
  synced: boolean;
  /** The cluster has not answered since this time (ISO), with the last error. */
  unreachable?: { since: string; error: string };
}

/**
 * A write's answer with the object as it was just before and just after (null when absent), as
 * the worker saw them in the write itself: the audit entry needs no second trip and is exact.
 */
export interface Audited<T> {
  answer: T;
  before: unknown;
  after: unknown;
}

export interface ImportItem {
  kind: 'IPAddressPool' | 'L2Advertisement';
  name: string;
  /** What applying would do / did. */
  outcome: 'create' | 'created' | 'unchanged' | 'conflict' | 'failed';
  message?: string;
}

export interface ImportPreview {
  yaml: string;
  warnings: string[];
  items: ImportItem[];
  resources: unknown[];
}

export interface StrictArpFix {
  changed: boolean;
  state: string;
  before?: unknown;
  after?: unknown;
}

/** The concurrency an edit started from (see server/dashboard/writes/edit.ts). */
export interface EditSince {
  resourceVersion?: string;
  generation?: number;
}

/** A time range of a history read, epoch ms. */
export interface RangeArgs {
  since?: number;
  until?: number;
  limit?: number;
}

type None = Record<string, never>;

export interface WorkerOps {
  /** The host's liveness check (answered by the worker's entry). */
  ping: { args: None; result: { pong: true } & RuntimeDescription };
  /** Stop the runtime before the worker is terminated. */
  shutdown: { args: None; result: unknown };
  status: { args: None; result: RuntimeDescription };
  /** Prometheus text of every registry this process holds. */
  metrics: { args: None; result: string };
  'cluster.info': { args: None; result: ClusterInfo };
  'stream.position': { args: None; result: StreamPosition };
  /** The object as the API server has it now; null when absent. */
  'objects.get': { args: { kind: string; name: string }; result: unknown };
  'overview.get': { args: None; result: Positioned<OverviewView> };
  /** The service table as a column-encoded JSON string (lib/views/service-columns). */
  'services.list': { args: None; result: { json: string } };
  'services.get': { args: { namespace: string; name: string }; result: ServiceDetail };
  'services.verify': { args: { namespace: string; name: string }; result: VerifyReport };
  'pools.list': { args: None; result: Versioned<PoolView> };
  'pools.get': { args: { name: string }; result: Positioned<PoolDetail> };
  'pools.create': { args: { form: PoolForm }; result: Audited<IPAddressPool>; write: true };
  'pools.update': { args: { name: string; form: PoolForm } & EditSince; result: Audited<IPAddressPool>; write: true };
  'pools.delete': { args: { name: string; confirm: boolean }; result: Audited<{ deleted: string; servicesLosingIPs: string[] }>; write: true };
  'pools.forecast': { args: { name: string }; result: PoolForecast };
  'pools.usage': { args: { name: string; since?: number; until?: number }; result: PoolUsage };
  'l2advertisements.list': { args: None; result: Versioned<AdvertisementView> };
  'l2advertisements.get': { args: { name: string }; result: AdvertisementView };
  'l2advertisements.create': { args: { form: AdvertisementForm }; result: Audited<L2Advertisement>; write: true };
  'l2advertisements.update': { args: { name: string; form: AdvertisementForm } & EditSince; result: Audited<L2Advertisement>; write: true };
  'l2advertisements.delete': { args: { name: string }; result: Audited<{ deleted: string; poolsLeftUncovered: string[] }>; write: true };
  'nodes.list': { args: None; result: Versioned<NodeView> };
  'nodes.setExclusion': { args: { nodes: string[]; excluded: boolean }; result: Audited<{ nodes: string[]; excluded: boolean }>; write: true };
  'events.list': { args: { limit?: number }; result: Versioned<EventView> };
  'preflight.get': { args: None; result: Positioned<PreflightReport> };
  'preflight.fixStrictArp': { args: None; result: StrictArpFix; write: true };
  'whatif.compute': { args: { nodes: string[]; mode: WhatIfMode }; result: WhatIfResult };
  'whatif.apply': { args: { nodes: string[] }; result: Audited<WhatIfResult>; write: true };
  'preview.compute': { args: { body: unknown; op: 'apply' | 'delete' }; result: ConfigPreview };
  'labels.get': { args: None; result: LabelIndex };
  'import.preview': { args: { text: string }; result: ImportPreview };
  'import.apply': { args: { text: string }; result: Audited<{ items: ImportItem[]; warnings: string[] }>; write: true };
  'import.source': { args: None; result: { found: boolean; text: string } };
  'history.service': { args: { namespace: string; name: string } & RangeArgs; result: HistoryPage };
  'history.ip': { args: { ip: string } & RangeArgs; result: HistoryPage };
  'history.pool': { args: { name: string } & RangeArgs; result: HistoryPage };
  'history.node': { args: { name: string } & RangeArgs; result: HistoryPage };
  'history.range': { args: RangeArgs; result: HistoryPage };
  'history.flapping': { args: { window?: number; threshold?: number; limit?: number }; result: FlappingReport };
}

export type OpName = keyof WorkerOps;
export type OpArgs<K extends OpName> = WorkerOps[K]['args'];
export type OpResult<K extends OpName> = WorkerOps[K]['result'];
/** Operations that write to the cluster (declared `write: true` above). */
export type WriteOpName = { [K in OpName]: WorkerOps[K] extends { write: true } ? K : never }[OpName];

/** The writing operations at run time: a read-only dashboard refuses them. Checked complete by the type. */
const WRITES: { [K in WriteOpName]: true } = {
  'pools.create': true,
  'pools.update': true,
  'pools.delete': true,
  'l2advertisements.create': true,
  'l2advertisements.update': true,
  'l2advertisements.delete': true,
  'nodes.setExclusion': true,
  'preflight.fixStrictArp': true,
  'whatif.apply': true,
  'import.apply': true,
};

export const isWriteOp = (name: string): boolean => Object.hasOwn(WRITES, name);

/**
 * The browser's query key of each operation a page reads (components/data/queries.ts), so a
 * server page's prefetch of an operation lands under the key its client component reads.
 */
const QUERY_KEYS = {
  'overview.get': () => queryKeys.overview,
  'services.get': (a: OpArgs<'services.get'>) => queryKeys.service(a.namespace, a.name),
  'pools.list': () => queryKeys.pools,
  'pools.get': (a: OpArgs<'pools.get'>) => queryKeys.pool(a.name),
  'l2advertisements.list': () => queryKeys.advertisements,
  'l2advertisements.get': (a: OpArgs<'l2advertisements.get'>) => queryKeys.advertisement(a.name),
  'nodes.list': () => queryKeys.nodes,
  'events.list': () => queryKeys.events,
  'preflight.get': () => queryKeys.preflight,
  'cluster.info': () => queryKeys.cluster,
  'labels.get': () => queryKeys.labels,
  'history.service': (a: OpArgs<'history.service'>) => queryKeys.serviceHistory(a.namespace, a.name),
  'history.ip': (a: OpArgs<'history.ip'>) => queryKeys.ipHistory(a.ip),
  'history.node': (a: OpArgs<'history.node'>) => queryKeys.nodeHistory(a.name),
  'history.pool': (a: OpArgs<'history.pool'>) => queryKeys.poolHistory(a.name),
  'history.flapping': () => queryKeys.flapping,
  'pools.forecast': (a: OpArgs<'pools.forecast'>) => queryKeys.poolForecast(a.name),
  'pools.usage': (a: OpArgs<'pools.usage'>) => queryKeys.poolUsage(a.name),
} satisfies { [K in OpName]?: (args: OpArgs<K>) => readonly unknown[] };

export type QueryOpName = keyof typeof QUERY_KEYS;

/** One read a server page prefetches: the operation, its arguments, and the key it lands under. */
export interface Prefetch {
  key: readonly unknown[];
  op: QueryOpName;
  args: Record<string, unknown>;
}

/** Arguments optional for the operations that take none. */
type ArgsOf<K extends OpName> = Record<string, never> extends OpArgs<K> ? [OpArgs<K>?] : [OpArgs<K>];

export function prefetch<K extends QueryOpName>(op: K, ...[args]: ArgsOf<K>): Prefetch {
  const a = (args ?? {}) as OpArgs<K>;
  return { key: (QUERY_KEYS[op] as (x: OpArgs<K>) => readonly unknown[])(a), op, args: a as Record<string, unknown> };
}

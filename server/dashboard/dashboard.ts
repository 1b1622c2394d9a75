// One dashboard per worker: the cluster cache, the live views, the push loop, and the ranking
// memo shared by the detail page and what-if. Constructing it starts nothing; start() does.
import { createHash, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Kube } from '../kube/client';
import { sleep } from '../kube/backoff';
import { RankingCache } from '../../lib/election';
import { AnnouncerChanges, STREAM_TOPIC } from '../../lib/views';
import { OpError } from '../http/op-error';
import { HistoryService } from '../history/history';
import { createClusterCache, type ClusterCache } from './cluster-cache';
import { readNetworkSources } from './network-sources';
import type { DashboardRuntime } from './runtime-view';
import { ViewState } from './view-state';

/** How often pending changes are pushed: well inside the 1 s "row updates" goal. */
const FLUSH_INTERVAL_MS = 100;
/** How often lease ages are re-assessed (default lease is 2 s, renewed every 0.5 s). */
const TICK_INTERVAL_MS = 250;
/** A slow but working cluster gets this long for the first list of every kind... */
const SYNC_WAIT_MS = 20_000;
/** ...one whose list/watch keeps failing gets a 503 after this long. */
const FAILING_WAIT_MS = 3_000;
/** kubeadm-config, ServiceCIDRs and control-plane pods change rarely: read them this often. */
const NETWORK_POLL_MS = 60_000;

export const sha256 = (s: string): Uint8Array => new Uint8Array(createHash('sha256').update(s).digest());

export class Dashboard {
  readonly cache: ClusterCache;
  readonly state: ViewState;
  readonly ranker = new RankingCache(sha256);
  readonly systemNamespace: string;
  /** Failovers per service, for ironlb_service_announcer_changes_total (server/dashboard/metrics.ts). */
  readonly announcerChanges = new AnnouncerChanges();
  /** The history ledger and its recorder; undefined without a data dir or when it failed to open. */
  readonly history?: HistoryService;
  /** Why there is no history, for the history routes' 503. */
  readonly historyError?: string;
  private started = false;
  private networkRead: Promise<void> | undefined;

  constructor(
    readonly kube: Kube,
    readonly runtime: DashboardRuntime,
  ) {
    this.systemNamespace = runtime.systemNamespace ?? 'metallb-system';
    const membership = runtime.describe().mode === 'metallb' ? 'metallbPods' : 'leases';
    this.cache = createClusterCache(
      kube,
      this.systemNamespace,
      (kind, ev) => {
        this.state.handle(kind, ev);
        this.history?.recorder.onEvent(kind, ev);
      },
      { membership, informers: runtime.informers },
    );
    this.state = new ViewState({ cache: this.cache, loadBalancerClass: runtime.loadBalancerClass, epoch: randomUUID(), now: Date.now });
    if (runtime.dataDir) {
      const state = this.state;
      const opened = HistoryService.open(runtime.dataDir, {
        cache: this.cache,
        indexes: state.indexes,
        systemNamespace: this.systemNamespace,
        serviceRows: () => state.serviceRows(),
        lanStates: () => new Map(state.lists.nodes.map((n) => [n.name, n.lan.state])),
        findPoolByIP: (ip) => state.facts.findPoolByIP(ip),
      });
      if (opened instanceof HistoryService) {
        this.history = opened;
        opened.recorder.poolViews = () => state.lists.pools.map((p) => ({ name: p.name, used: p.used, total: p.total }));
      } else this.historyError = opened.error;
    } else this.historyError = 'this dashboard has no data directory to keep history in';
  }

  start(signal: AbortSignal): void {
    if (this.started) return;
    this.started = true;
    // Ten informers each listen for the abort (plus their sleeps): not a leak.
    setMaxListeners(64, signal);
    this.cache.start(signal);
    this.history?.start(signal);
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += FLUSH_INTERVAL_MS;
      if (ticks >= TICK_INTERVAL_MS) {
        ticks = 0;
        if (this.cache.isSynced()) {
          this.state.tick();
          this.history?.recorder.tick();
        }
      }
      if (this.cache.isSynced() && (this.state.hasPending() || this.history?.recorder.hasHeld())) this.push(false);
    }, FLUSH_INTERVAL_MS);
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    this.networkRead = this.pollNetwork(signal);
  }

  /** Reads the polled network sources now and then every NETWORK_POLL_MS; the first read resolves. */
  private pollNetwork(signal: AbortSignal): Promise<void> {
    const readOnce = async () => this.state.lists.setExtraNetwork(await readNetworkSources(this.kube, signal));
    const first = readOnce();
    void first.then(async () => {
      while (await sleep(NETWORK_POLL_MS, signal)) await readOnce();
    });
    return first;
  }

  /** Waits for the first read of the polled network sources (preflight's overlap check needs it). */
  async networkSourcesRead(): Promise<void> {
    await this.networkRead;
  }

  /** Applies pending changes now (pushing them), so a read reflects every change seen so far. */
  push(force: boolean): void {
    let batch = this.state.flush(force);
    if (batch) this.announcerChanges.observe(batch.services);
    // The ledger records what this flush changed; its new entries ride on the same batch.
    const history = this.history?.afterFlush(batch) ?? [];
    if (history.length) batch = this.state.extend(batch, { history });
    if (batch) this.runtime.push(STREAM_TOPIC, batch);
  }

  /** Waits for the first list of every kind; 503 when the cluster cannot be reached. */
  async ready(): Promise<void> {
    if (!this.cache.isSynced()) {
      const started = Date.now();
      const give = new AbortController();
      const watchdog = setInterval(() => {
        const waited = Date.now() - started;
        if (waited > SYNC_WAIT_MS || (waited > FAILING_WAIT_MS && this.cache.describeTrouble())) give.abort();
      }, 250);
      const ok = await this.cache.waitForSync(give.signal).finally(() => clearInterval(watchdog));
      if (!ok) {
        const trouble = this.cache.describeTrouble();
        throw new OpError(503, 'ClusterUnavailable', `the cluster is not reachable${trouble ? `: ${trouble}` : ' yet'}`);
      }
    }
    this.push(false);
  }
}

const instances = new WeakMap<object, Dashboard>();

/**
 * The dashboard of this runtime, created and started on first use. The runtime may also call
 * startDashboard itself at start-up so pushes begin before the first request.
 */
export function getDashboard(runtime: DashboardRuntime, signal?: AbortSignal): Dashboard {
  const existing = instances.get(runtime);
  if (existing) return existing;
  if (!runtime.kube) {
    const d = runtime.describe();
    const why = d.state === 'failed' ? `the cluster connection failed: ${d.error ?? 'unknown error'}` : 'the cluster connection is still starting';
    throw new OpError(503, 'ClusterUnavailable', why);
  }
  const dash = new Dashboard(runtime.kube, runtime);
  instances.set(runtime, dash);
  dash.start(signal ?? new AbortController().signal);
  return dash;
}

export function startDashboard(runtime: DashboardRuntime, signal: AbortSignal): Dashboard {
  return getDashboard(runtime, signal);
}

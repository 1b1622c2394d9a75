// One leadership term of the controller: a fresh allocator rebuilt from Service status, the
// work queue, config reloads, the restart-safe first pass, and pool status. Ends with the signal.
import { setMaxListeners } from 'node:events';
import { Allocator } from '../../lib/allocator';
import { reconcileService, type ControllerContext, type ServicePlan } from '../../lib/reconcile/controller';
import { judgeConfiguration, resolveControllerConfig, type ConfigJudgement, type ControllerConfig } from '../../lib/reconcile/controller-config';
import { createConfigStateWriter } from './config-state';
import { isLoadBalancer, serviceKey, sortForFirstPass, sharingSignature, type ServiceObject } from '../../lib/reconcile/controller-service';
import { describeError, type EventRecorder, type Informer, type KubeApi, type KubeObject, type Logger } from '../kube';
import { applyServiceActions, type WriteTrail } from './apply';
import type { ControllerMetrics } from './metrics';
import { createOwnWrites } from './own-writes';
import { createPoolStatusWriter } from './pool-status';
import { createWorkQueue } from './queue';

export type ServiceObj = KubeObject & ServiceObject;

export interface Informers {
  services: Informer<ServiceObj>;
  pools: Informer<KubeObject>;
  advertisements: Informer<KubeObject>;
  namespaces: Informer<KubeObject>;
  configMaps: Informer<KubeObject & { data?: Record<string, string> }>;
}

export interface SessionDeps {
  kube: KubeApi;
  systemNamespace: string;
  loadBalancerClass?: string;
  informers: Informers;
  recorder: EventRecorder;
  metrics: ControllerMetrics;
  logger: Logger;
  concurrency: number;
}

/** Queue keys that are not services (a service key always contains '/'). */
const CONFIG_KEY = '#config';
const PENDING_KEY = '#pending';

export interface Session {
  run(signal: AbortSignal): Promise<void>;
  /** A service changed; `rv` is its new resourceVersion (none for a deletion). */
  onServiceChange(key: string, rv?: string): void;
  onConfigChange(): void;
  onNamespaceChange(namespace: string): void;
  waitReady(): Promise<void>;
  idle(): Promise<void>;
  /** Resolves when no service is queued or being written (or the term ended). */
  drained(): Promise<void>;
  snapshot(): SessionSnapshot;
}

export interface SessionSnapshot {
  ready: boolean;
  configSource?: ControllerConfig['source'];
  configError?: string;
  queued: number;
  allocations: ReturnType<Allocator['list']>;
}

export function createSession(deps: SessionDeps): Session {
  const { informers, logger } = deps;
  const allocator = new Allocator();
  const queue = createWorkQueue();
  const ctx: ControllerContext = { allocator, loadBalancerClass: deps.loadBalancerClass, configLoaded: false };
  let config: ControllerConfig | undefined;
  let configError: string | undefined;
  let ready = false;
  let markReady!: () => void;
  const readyPromise = new Promise<void>((r) => (markReady = r));
  /** Last failure event per service, with the resourceVersion it was about: no repeats while nothing changed. */
  const lastFailure = new Map<string, string>();
  /** Sharing signature of each service holding IPs: a change may make room for pending ones. */
  const holderSignature = new Map<string, string>();
  /**
   * Counts the times every service was queued again (config, namespace labels, freed IPs): the
   * echo of our own write is decided again if such a change came since the decision.
   */
  let epoch = 0;
  const own = createOwnWrites(() => epoch);
  const poolStatus = createPoolStatusWriter({ ...deps, pools: informers.pools, logger });

  const configMapText = (): string | undefined =>
    informers.configMaps.get(`${deps.systemNamespace}/config`)?.data?.config;

  const enqueueServices = (filter: (s: ServiceObj) => boolean = () => true) => {
    epoch++;
    const services = sortForFirstPass(informers.services.list().filter(filter));
    for (const s of services) queue.add(serviceKey(s));
  };

  const warnLegacy = (cfg: ControllerConfig) => {
    const cm = informers.configMaps.get(`${deps.systemNamespace}/config`);
    if (cfg.source !== 'legacyConfigMap' || !cm) return;
    const message =
      `using the legacy MetalLB ConfigMap ${deps.systemNamespace}/config because no IPAddressPool exists; ` +
      `convert it: kubectl get configmap -n ${deps.systemNamespace} config -o yaml | npx ironlb convert - | kubectl apply -f -`;
    void deps.recorder.record(cm, 'Warning', 'LegacyConfig', message);
    for (const w of cfg.warnings) void deps.recorder.record(cm, 'Warning', 'LegacyConfig', w);
  };

  const configState = createConfigStateWriter({ kube: deps.kube, namespace: deps.systemNamespace, logger });
  let lastJudgement: string | undefined;
  /** The verdict on pools and advertisements together: ConfigurationState, and an Event on the object at fault. */
  const judge = () => {
    const j: ConfigJudgement = judgeConfiguration(informers.pools.list(), informers.advertisements.list(), configMapText(), deps.systemNamespace);
    const key = j.valid ? '' : (j.error ?? '');
    if (key === lastJudgement) return;
    lastJudgement = key;
    void configState.report({ result: j.valid ? 'Valid' : 'Invalid', errorSummary: key });
    if (j.valid || !j.culprit) return;
    const informer = j.culprit.kind === 'IPAddressPool' ? informers.pools : j.culprit.kind === 'L2Advertisement' ? informers.advertisements : informers.configMaps;
    const obj = informer.get(`${deps.systemNamespace}/${j.culprit.name}`);
    const suffix = config ? '; keeping the last valid configuration' : '; no IP will be allocated until it is fixed';
    if (obj) void deps.recorder.record(obj, 'Warning', 'InvalidConfig', `${j.error ?? ''}${suffix}`);
  };

  const reloadConfig = () => {
    judge();
    const next = resolveControllerConfig(informers.pools.list(), configMapText(), deps.systemNamespace);
    if (!next.ok) {
      configError = next.error;
      deps.metrics.configStale.set(1);
      logger.error({ op: 'config', err: next.error }, 'invalid configuration');
      return;
    }
    configError = undefined;
    deps.metrics.configStale.set(0);
    deps.metrics.configLoaded.set(1);
    if (config && config.fingerprint === next.value.fingerprint && config.source === next.value.source) return;
    const invalid = allocator.setPools(next.value.pools);
    logger.info({ op: 'config', source: next.value.source, pools: next.value.pools.map((p) => p.name), invalidated: invalid.length }, 'configuration loaded');
    if (!config || config.source !== next.value.source) warnLegacy(next.value);
    config = next.value;
    ctx.configLoaded = true;
    enqueueServices();
    poolStatus.markDirty();
  };

  const noteHolder = (key: string, svc: ServiceObj | undefined) => {
    const signature = svc && allocator.holds(key) ? sharingSignature(svc) : undefined;
    const before = holderSignature.get(key);
    if (signature === undefined) holderSignature.delete(key);
    else holderSignature.set(key, signature);
    if (before !== undefined && before !== signature) queue.add(PENDING_KEY);
  };

  const decide = (key: string, svc: ServiceObj | undefined): ServicePlan =>
    reconcileService(ctx, key, svc, informers.namespaces.get(key.slice(0, key.indexOf('/')))?.metadata.labels ?? {});

  /**
   * The first pass's decisions, made in one sweep before the workers start, in the order they
   * take the keys: the allocator reaches the same results as deciding key by key, and 10,000
   * decisions back to back run in a fraction of the time they take spread between writes (docs/
   * architecture.md, "The first pass"). A worker uses a key's plan only while the service is
   * the version it was made for and nothing queued every service since; else it decides again.
   */
  const planned = new Map<string, { rv: string | undefined; epoch: number; plan: ServicePlan }>();
  const planAhead = (keys: string[]) => {
    for (const key of keys) {
      if (!key.includes('/')) continue; // #config, #pending
      const svc = informers.services.get(key);
      planned.set(key, { rv: svc?.metadata.resourceVersion, epoch, plan: decide(key, svc) });
    }
  };

  /** One decision (synchronous, so decisions follow queue order) and then its writes. */
  const reconcileKey = async (key: string, signal: AbortSignal) => {
    const svc = informers.services.get(key);
    const ahead = planned.get(key);
    if (ahead) planned.delete(key);
    if (own.isOwn(key, svc?.metadata.resourceVersion)) return;
    const decidedAt = epoch;
    const current = ahead !== undefined && ahead.epoch === epoch && ahead.rv === svc?.metadata.resourceVersion;
    // Overtaken: the sweep's allocation is given back, so this decision reports its own (with its event).
    if (ahead && !current) allocator.release(key);
    const plan = current ? ahead.plan : decide(key, svc);
    noteHolder(key, svc);
    if (plan.actions.length === 0) return;
    const failure = plan.outcome === 'failed' ? `${svc?.metadata.resourceVersion}|${plan.reason}` : undefined;
    const repeated = failure !== undefined && lastFailure.get(key) === failure;
    if (failure) lastFailure.set(key, failure);
    else lastFailure.delete(key);
    const actions = repeated ? plan.actions.filter((a) => a.type !== 'event') : plan.actions;
    if (actions.some((a) => a.type === 'reprocessPending')) queue.add(PENDING_KEY);
    if (actions.some((a) => a.type !== 'event')) poolStatus.markDirty();
    logger.debug({ op: 'reconcile', key, outcome: plan.outcome, reason: plan.reason, ips: plan.ips });
    own.begin(key);
    let trail: WriteTrail | undefined;
    try {
      trail = await applyServiceActions({ kube: deps.kube, recorder: deps.recorder, metrics: deps.metrics, signal }, svc, actions);
    } finally {
      if (own.settle(key, trail, decidedAt)) queue.add(key);
    }
  };

  const work = async (key: string, signal: AbortSignal) => {
    if (key === CONFIG_KEY) return reloadConfig();
    if (key === PENDING_KEY) {
      return enqueueServices((s) => isLoadBalancer(s) && !allocator.holds(serviceKey(s)));
    }
    try {
      await reconcileKey(key, signal);
      queue.forget(key);
    } catch (err) {
      if (signal.aborted) return;
      logger.warn({ op: 'reconcile', key, err: describeError(err) }, 'reconcile failed; will retry');
      throw err;
    }
  };

  return {
    async run(signal) {
      // Every in-flight write listens on the leader signal (abortable requests): more than Node's 10.
      setMaxListeners(Math.max(64, deps.concurrency * 4), signal);
      // First pass: services with IPs first (sortForFirstPass), then pending ones. A valid
      // configuration queues them as it loads; without one they are queued here.
      const queuedBefore = epoch;
      reloadConfig();
      if (epoch === queuedBefore) enqueueServices();
      planAhead(queue.pending());
      const workers = queue.start(signal, (key) => work(key, signal), deps.concurrency);
      const status = poolStatus.start(signal, () => ({
        allocator,
        pools: config?.pools ?? [],
        writeStatus: config?.source === 'ipAddressPools',
      }));
      void queue.idle().then(() => {
        ready = true;
        markReady();
        logger.info({ op: 'firstPass', allocations: allocator.size }, 'controller ready');
      });
      await Promise.all([workers, status]);
    },
    // The echo of our own write is dropped here, not queued: in a bulk change that is one queue
    // round trip (a worker woken for a key with nothing to do) per service. Held while the write
    // is in flight: three echoes in four arrive before the write's answer (10,000 converging).
    onServiceChange: (key, rv) => {
      if (rv !== undefined && own.hold(key, rv)) return;
      if (rv === undefined || !own.isOwn(key, rv)) queue.add(key);
    },
    onConfigChange: () => queue.add(CONFIG_KEY),
    onNamespaceChange: (ns) => enqueueServices((s) => s.metadata.namespace === ns),
    waitReady: () => readyPromise,
    idle: () => queue.idle(),
    drained: () => queue.drained(),
    snapshot: () => ({ ready, configSource: config?.source, configError, queued: queue.size(), allocations: allocator.list() }),
  };
}

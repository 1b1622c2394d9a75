// The controller process: informers (Services, IPAddressPools, Namespaces, the legacy
// ConfigMap), leader election on Lease `ironlb-controller`, and one Session per leadership term.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  createEventRecorder,
  createLeaderElection,
  isStatusOnlyChange,
  openInformer,
  RESOURCES,
  silentLogger,
  type Informer,
  type InformerEvent,
  type InformerSet,
  type KubeApi,
  type KubeObject,
  type Logger,
} from '../kube';
import { controllerMetrics, forgetPoolGauges } from './metrics';
import { createSession, type Informers, type ServiceObj, type Session, type SessionSnapshot } from './session';
import { ensureSpeakerKey } from './speaker-key';

export const CONTROLLER_LEASE = 'ironlb-controller';
/** MetalLB's controller reports events as this component; keep it so `kubectl describe` reads the same. */
export const CONTROLLER_COMPONENT = 'metallb-controller';

export interface ControllerOptions {
  kube: KubeApi;
  systemNamespace: string;
  /** Serve only services of this spec.loadBalancerClass (default: only class-less services). */
  loadBalancerClass?: string;
  logger?: Logger;
  /** Lease holder identity (default: hostname + random suffix). */
  identity?: string;
  leaseName?: string;
  /** Lease duration (default 15 s, like client-go) and renew interval (default 2 s). */
  leaseDurationMs?: number;
  renewMs?: number;
  /** Parallel reconciles (different keys only). */
  concurrency?: number;
  /** Informers shared with the other readers of this process (the embedded cluster's). */
  informers?: InformerSet;
}

export interface ControllerStatus extends Partial<SessionSnapshot> {
  identity: string;
  leader: boolean;
  holder?: string;
  synced: boolean;
}

export interface Controller {
  /** Runs until the signal aborts; on a clean stop the lease is released for a standby. */
  start(signal: AbortSignal): Promise<void>;
  isLeader(): boolean;
  /** Resolves once this instance leads and finished its first pass; false if the signal aborts first. */
  waitReady(signal?: AbortSignal): Promise<boolean>;
  /** Resolves when the leader's queue is drained (tests, benchmarks). */
  idle(): Promise<void>;
  status(): ControllerStatus;
}

function labelsChanged(e: InformerEvent<KubeObject>): boolean {
  return JSON.stringify(e.old?.metadata.labels ?? {}) !== JSON.stringify(e.object.metadata.labels ?? {}) || e.type !== 'modified';
}

export function createController(opts: ControllerOptions): Controller {
  const logger = opts.logger ?? silentLogger;
  const identity = opts.identity ?? `${hostname()}_${randomUUID().slice(0, 8)}`;
  const metrics = controllerMetrics();
  const recorder = createEventRecorder({
    kube: opts.kube,
    component: CONTROLLER_COMPONENT,
    host: identity,
    logger,
    maxInFlight: 2,
    // Status first: in a bulk change the events wait for the queue to drain, then follow.
    gate: () => session?.drained() ?? Promise.resolve(),
    onDropped: (reason) => metrics.eventsDropped.inc({ reason }),
  });
  let session: Session | undefined;
  let readyWaiters: (() => void)[] = [];
  const ns = opts.systemNamespace;

  const common = { kube: opts.kube, logger, stripManagedFields: true };
  const informers: Informers = {
    services: openInformer<ServiceObj>(opts.informers, { ...common, resource: RESOURCES.services, onEvent: (e) => session?.onServiceChange(e.key, e.type === 'deleted' ? undefined : e.object.metadata.resourceVersion) }),
    // A MetalLB v0.12 cluster has no metallb.io CRDs: then only the legacy ConfigMap counts.
    // Our own status writes (the counters, every 200 ms in a bulk change) change no configuration.
    pools: openInformer(opts.informers, {
      ...common,
      resource: RESOURCES.ipaddresspools,
      namespace: ns,
      missingAsEmpty: true,
      onEvent: (e) => !isStatusOnlyChange(e) && session?.onConfigChange(),
    }),
    // Read only to judge the whole configuration (ConfigurationState); the speakers announce.
    advertisements: openInformer(opts.informers, { ...common, resource: RESOURCES.l2advertisements, namespace: ns, missingAsEmpty: true, onEvent: () => session?.onConfigChange() }),
    namespaces: openInformer(opts.informers, {
      ...common,
      resource: RESOURCES.namespaces,
      onEvent: (e) => labelsChanged(e) && session?.onNamespaceChange(e.key),
    }),
    configMaps: openInformer(opts.informers, {
      ...common,
      resource: RESOURCES.configmaps,
      namespace: ns,
      onEvent: (e) => e.object.metadata.name === 'config' && session?.onConfigChange(),
    }),
  };
  const all: Informer<KubeObject>[] = Object.values(informers);

  const lead = async (leaderSignal: AbortSignal) => {
    for (const inf of all) if (!(await inf.waitForSync(leaderSignal))) return;
    metrics.isLeader.set(1);
    const s = createSession({
      kube: opts.kube,
      systemNamespace: ns,
      loadBalancerClass: opts.loadBalancerClass,
      informers,
      recorder,
      metrics,
      logger,
      concurrency: opts.concurrency ?? 8,
    });
    session = s;
    void s.waitReady().then(() => {
      const waiters = readyWaiters;
      readyWaiters = [];
      for (const w of waiters) w();
    });
    try {
      await s.run(leaderSignal);
    } finally {
      if (session === s) session = undefined;
      metrics.isLeader.set(0);
      forgetPoolGauges(metrics);
    }
  };

  const election = createLeaderElection({
    kube: opts.kube,
    namespace: ns,
    name: opts.leaseName ?? CONTROLLER_LEASE,
    identity,
    durationMs: opts.leaseDurationMs ?? 15_000,
    renewMs: opts.renewMs ?? 2_000,
    onStartedLeading: lead,
    logger,
  });

  return {
    async start(signal) {
      logger.info({ op: 'controller.start', identity, namespace: ns, loadBalancerClass: opts.loadBalancerClass ?? null }, 'controller starting');
      const running = all.map((inf) => inf.start(signal));
      // Every instance, leader or not: the speakers cannot hear each other without it.
      running.push(ensureSpeakerKey({ kube: opts.kube, namespace: ns, logger, signal }));
      await election.start(signal);
      await Promise.all(running);
      await recorder.flush();
    },
    isLeader: () => election.isLeader(),
    waitReady(signal) {
      if (session?.snapshot().ready) return Promise.resolve(true);
      return new Promise((resolve) => {
        if (signal?.aborted) return resolve(false);
        signal?.addEventListener('abort', () => resolve(false), { once: true });
        readyWaiters.push(() => resolve(true));
      });
    },
    idle: () => session?.idle() ?? Promise.resolve(),
    status: () => ({
      identity,
      leader: election.isLeader(),
      holder: election.holder(),
      synced: all.every((i) => i.hasSynced()),
      ...session?.snapshot(),
    }),
  };
}

/** Creates a controller and starts it; it stops when the signal aborts (`done` settles then). */
export function startController(opts: ControllerOptions & { signal: AbortSignal }): Controller & { done: Promise<void> } {
  const controller = createController(opts);
  const done = controller.start(opts.signal);
  return { ...controller, done };
}

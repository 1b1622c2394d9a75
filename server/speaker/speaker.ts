// One speaker (one node): wires the informers, LAN heartbeats, interfaces and announcers, the
// Lease record, ServiceL2Status writer, events, metrics and health together, runs reconcile
// passes, and stops cleanly: quiet on the wire, goodbye on the LAN and the Lease deleted at
// once (others take over within a pass), then its statuses gone.
import { randomBytes, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { RankingCache, type HashFn } from '../../lib/election';
import type { SpeakerHealth } from '../../lib/reconcile/speaker-health';
import { createBlockedMemo, createOrderMemo, type BlockedMemo, type ServiceVerdict, type SpeakerView } from '../../lib/reconcile/speaker-election';
import { auditWire, describeDrift, type Winners } from '../../lib/reconcile/speaker-audit';
import { readEnv } from '../env';
import { createEventRecorder, silentLogger, type KubeApi, type Logger } from '../kube';
import type { Conflict } from './announcer';
import { createConflictReporter } from './conflict-report';
import { createHealthTracker } from './health-report';
import { createInterfaceSet } from './interface-set';
import { createL2StatusWriter } from './l2-status';
import type { LinkProvider } from './links';
import { createLeaseBoard, type LeaseBoard } from './lease-board';
import { createLeaseRecord } from './membership';
import {
  buildLanReport,
  createKeyRing,
  createLanMembership,
  followSpeakerKey,
  type KeyRing,
  type LanView,
  type LinkCounters,
  type SpeakerKeySource,
} from './heartbeat';
import { createPeerMacs, followPeerLeases, type PeerMacs } from './peer-macs';
import { createSpeakerMetrics, type SpeakerMetrics } from './metrics';
import { createSpeakerSources, type SpeakerSources } from './sources';
import type { PassGate } from './pass-gate';
import { createSpeakerModel, type SpeakerModel } from './speaker-model';
import { emptyPassState, runPass, type PassDeps } from './speaker-pass';
import { runResync, type AuditResult } from './resync';
import { createPassScheduler } from './pass-scheduler';
import { monotonicNow } from './transport/clock';


export interface StartSpeakerOptions {
  kube: KubeApi;
  nodeName: string;
  transports: LinkProvider;
  systemNamespace: string;
  signal: AbortSignal;
  logger?: Logger;
  /** sha256 for the ranking: `(s) => createHash('sha256').update(s).digest()`. */
  hash: HashFn;
  /** Informers shared by several speakers in one process; their owner starts them. */
  sources?: SpeakerSources;
  /** A registry shared by several speakers; default: one of its own. */
  metrics?: SpeakerMetrics;
  /**
   * Shared by speakers on one set of sources (the embedded cluster's simulated speakers): the
   * flattened services and the hash order of every node for every IP are the same for all of
   * them, so 100 speakers need not hash a million (node, IP) pairs each; so are the lease board
   * (who is live) and the MACs the peers report.
   */
  shared?: {
    model: SpeakerModel;
    ranking: RankingCache;
    gate: PassGate;
    board: LeaseBoard;
    peers: PeerMacs;
    /** The heartbeat key ring, fed by one watch of the key Secret that the owner runs. */
    keys: SpeakerKeys;
    /** Verdicts of blocked services, the same for every speaker on `model`. */
    blocked?: BlockedMemo;
  };
  /** Defaults: IRONLB_LEASE_DURATION_MS / IRONLB_LEASE_RENEW_MS (45 s / 15 s). */
  leaseDurationMs?: number;
  leaseRenewMs?: number;
  /** Defaults: IRONLB_HEARTBEAT_INTERVAL_MS / IRONLB_HEARTBEAT_MISSED (200 ms / 4). */
  heartbeatIntervalMs?: number;
  heartbeatMissed?: number;
  /** Default IRONLB_GRATUITOUS_REFRESH_MS (60 s; 0: only the burst on gain). */
  gratuitousRefreshMs?: number;
  /** Default IRONLB_SPEAKER_RESYNC_MS (5000); speakers on shared sources are audited by their owner. */
  resyncMs?: number;
  loadBalancerClass?: string;
}

export interface SpeakerKeys {
  ring: KeyRing;
  source: SpeakerKeySource;
}

export interface Speaker {
  readonly nodeName: string;
  /** Resolves after the first pass with an interface ready on the LAN (false if stopped before). */
  readonly ready: Promise<boolean>;
  /** Resolves when the clean stop is complete. */
  readonly stopped: Promise<void>;
  health(): SpeakerHealth;
  verdicts(): readonly ServiceVerdict[];
  /** IP -> interfaces announcing it. */
  announced(): Map<string, string[]>;
  /** Who is live as this speaker hears it on the LAN. */
  membership(): LanView;
  interfaces(): { name: string; mac: string }[];
  /** Heartbeat counters per interface. */
  heartbeats(): ReadonlyMap<string, LinkCounters>;
  /** Lease writes since start (create, renewals, early writes of a changed report, delete). */
  leaseWrites(): number;
  metricsText(): Promise<string>;
  /** The periodic resync's check of this speaker (server/speaker/resync.ts). */
  audit(view: SpeakerView, winners: Winners, live: ReadonlySet<string>): AuditResult;
  /** Changes whenever the wire may have (see AuditTarget.wireVersion). */
  wireVersion(): number;
  /** Decisions the periodic resync had to correct since start (each one a missed event). */
  resyncCorrections(): number;
}

/**
 * Hashes every (node, IP) pair before we join: at 10,000 services x 100 nodes that is a million
 * sha256, seconds of CPU, which must not block the event loop once our Lease has to be renewed.
 * Yields between chunks.
 */
async function warmRanking(
  deps: PassDeps,
  model: ReturnType<typeof createSpeakerModel>,
  node: string,
  signal: AbortSignal,
): Promise<void> {
  const view = model.view(node, () => true);
  const names = view.nodes.map((n) => n.name);
  deps.ranking.setNodes(names);
  for (let i = 0; i < view.services.length && !signal.aborted; i++) {
    const ip = view.services[i].ips[0];
    if (ip) deps.ranking.prepare(ip);
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
}

/** Wire versions are unique in the process: a restarted speaker never repeats its predecessor's. */
let lastWireVersion = 0;

/** How long statuses get to be deleted during a stop before we leave anyway. */
const STOP_CLEANUP_MS = 3000;
/** A changed health report is written early, but never more often than this (failovers move every report). */
const LEASE_MIN_WRITE_MS = 2000;

export function startSpeaker(opts: StartSpeakerOptions): Speaker {
  const logger = opts.logger ?? silentLogger;
  const node = opts.nodeName;
  const env = readEnv();
  const durationMs = opts.leaseDurationMs ?? env.IRONLB_LEASE_DURATION_MS;
  // A renewal interval at or above the duration would let our own lease lapse between writes.
  const renewMs = Math.min(opts.leaseRenewMs ?? env.IRONLB_LEASE_RENEW_MS, Math.floor(durationMs / 2));
  const timing = {
    intervalMs: opts.heartbeatIntervalMs ?? env.IRONLB_HEARTBEAT_INTERVAL_MS,
    missed: opts.heartbeatMissed ?? env.IRONLB_HEARTBEAT_MISSED,
  };
  const instance = randomUUID().slice(0, 8);
  const inner = new AbortController();
  // Seven informers, the key watch, the renew loop, the interface scan and each announcer listen on it: not a leak.
  setMaxListeners(64, inner.signal);
  const sources =
    opts.sources ?? createSpeakerSources({ kube: opts.kube, systemNamespace: opts.systemNamespace, logger });
  const metrics = opts.metrics ?? createSpeakerMetrics();
  const model = opts.shared?.model ?? createSpeakerModel(sources, opts.systemNamespace, opts.loadBalancerClass);
  const keys = opts.shared?.keys ?? ownKeys(opts, logger);
  const health = createHealthTracker({
    node,
    instance,
    transport: opts.transports.kind,
    leaseDurationMs: durationMs,
    renewIntervalMs: renewMs,
  });
  const events = createEventRecorder({ kube: opts.kube, component: 'metallb-speaker', host: node, logger });
  let state = emptyPassState();
  let corrections = 0;
  let stopping = false;
  let warmed = false;
  let leaseWrites = 0;
  let wireVersion = ++lastWireVersion;
  const wireMayChange = () => void (wireVersion = ++lastWireVersion);
  let markReady!: (ok: boolean) => void;
  const ready = new Promise<boolean>((resolve) => (markReady = resolve));

  const noteError = (message: string) => health.noteError(message);
  const board = opts.shared?.board ?? createLeaseBoard(sources);
  const peers = opts.shared?.peers ?? createPeerMacs();
  const unfollowPeers = opts.shared ? undefined : followPeerLeases(peers, sources);
  const lan = createLanMembership({
    node,
    instance: randomBytes(8).toString('hex'),
    ring: keys.ring,
    ...timing,
    isKnownNode: (n) => (sources.informers.nodes.hasSynced() ? sources.informers.nodes.get(n) !== undefined : null),
    leaseLive: () => board.view(node).live,
    canBeReady: () => warmed && !stopping,
    onChange: () => {
      health.markDirty();
      record.poke();
      schedule(true);
    },
    onPeerMac: (n, ifname, mac) => peers.noteHeard(n, ifname, mac),
  });
  const links = createInterfaceSet({
    provider: opts.transports,
    onConflict: (c: Conflict) => conflicts.report(c),
    onError: (message) => (
      noteError(message),
      logger.warn({ op: 'speaker.link', key: node, err: message }, 'link problem')
    ),
    onChange: () => schedule(true),
    onLinkOpen: (name, transport) => (wireMayChange(), lan.attach(name, transport)),
    onLinkClose: (name) => (wireMayChange(), lan.detach(name)),
    gratuitous: { refreshMs: opts.gratuitousRefreshMs ?? env.IRONLB_GRATUITOUS_REFRESH_MS },
  });

  const ownLinks = () => links.interfaces();
  const conflicts = createConflictReporter({
    node,
    events,
    logger,
    health,
    ownerOf: (ip) => state.owners.get(ip),
    servicesOf: (ip) =>
      state.verdicts.filter((v) => v.service.ips.includes(ip)).map((v) => model.service(v.key) ?? v.key),
    speakerOfMac: (mac) => peers.nodeOfMac(mac) ?? (ownLinks().some((l) => l.mac === mac) ? node : undefined),
    defend: (ip, ifname) => links.defend(ip, ifname),
  });

  const healthInputs = () => ({
    membership: lan.view(),
    lan: buildLanReport(lan, { ring: keys.ring, problem: () => keys.source.problem() }, timing),
    interfaces: links.interfaces(),
    announced: links.announced(),
    servicesOf: (ip: string) => state.servicesOfIp.get(ip) ?? [],
    counters: links.counters(),
  });
  const record = createLeaseRecord({
    kube: opts.kube,
    nodeName: node,
    systemNamespace: opts.systemNamespace,
    durationMs,
    renewMs,
    minWriteMs: LEASE_MIN_WRITE_MS,
    instance,
    logger,
    health: () => health.annotations(healthInputs),
    substance: () => health.substance(healthInputs),
    onError: noteError,
    onWrite: () => void leaseWrites++,
  });

  const deps: PassDeps = {
    node,
    model,
    ranking: opts.shared?.ranking ?? new RankingCache(opts.hash),
    links,
    statuses: createL2StatusWriter(opts.kube, node, opts.systemNamespace),
    statusObjects: () => sources.informers.servicel2statuses.list(),
    events,
    logger,
    now: monotonicNow,
    schedule: (urgent) => schedule(urgent),
    noteError,
    macOf: (peer, ifname) => peers.macOf(peer, ifname),
    blocked: opts.shared?.blocked ?? createBlockedMemo(),
  };

  const pass = () => {
    // Before the ranking is warm we cannot be live on the LAN, so a pass would only withdraw what
    // a fresh process does not announce: skipped, it leaves the start-up's CPU to the warm-up.
    if (stopping || !warmed || !sources.hasSynced()) return;
    const view = lan.view();
    wireMayChange();
    state = runPass(deps, state, view);
    health.markDirty();
    record.poke();
    if (view.reason === 'normal') markReady(true);
  };
  const scheduler = createPassScheduler({ pass, gate: opts.shared?.gate });
  const schedule = (urgent: boolean) => {
    wireMayChange(); // something changed that a pass will act on
    if (!stopping) scheduler.schedule(urgent);
  };

  const resyncMs = opts.resyncMs ?? env.IRONLB_SPEAKER_RESYNC_MS;
  /** See AuditTarget. */
  const audit = (view: SpeakerView, winners: Winners, live: ReadonlySet<string>): AuditResult => {
    const own = lan.view();
    if (stopping) return { checked: false, reason: 'stopping' };
    if (!sources.hasSynced() || own.reason === 'starting') return { checked: false, reason: 'starting' };
    // The shared resync of the simulated speakers decides with one live set for all; a speaker
    // that does not hear that set yet will act when it does (a pass is due then), not before.
    if (own.live.size !== live.size || [...live].some((n) => !own.live.has(n))) return { checked: false, reason: 'otherLiveSet' };
    const drift = auditWire(view, winners, node, links.announced(), links.names(), deps.ranking);
    if (drift.length === 0) return { checked: true, corrected: 0 };
    if (scheduler.isPassComing()) return { checked: false, reason: 'passComing' };
    corrections += drift.length;
    for (const a of drift) {
      logger.warn(
        { op: 'speaker.resync', key: node, reason: describeDrift(a) },
        'periodic resync corrected a decision no event had triggered (a bug: please report it)',
      );
      noteError(`resync corrected: ${describeDrift(a)}`);
    }
    // Whatever kept the pass from seeing it, start clean: every object read again, orders anew.
    deps.model.invalidate();
    state = { ...state, orders: createOrderMemo() };
    scheduler.runNow();
    return { checked: true, corrected: drift.length };
  };

  const offSources = sources.subscribe((change) => {
    if (change.kind === 'servicel2statuses' && change.event.type === 'deleted') deps.statuses.forget(change.event.object.metadata.name ?? '');
    if (!model.apply(change)) return; // a pool's status counters: nothing to elect again
    if (change.kind === 'leases') return; // the Leases are the slow record: the LAN decides who is live
    schedule(change.kind !== 'servicel2statuses');
  });
  const removeMetrics = metrics.addSource({
    node,
    announced: () =>
      [...state.servicesOfIp].flatMap(([ip, services]) => services.map((service) => ({ service, ip }))),
    counters: () => links.counters(),
    conflicts: () => conflicts.counts(),
    liveMembers: () => lan.view().live.size,
    resyncCorrections: () => corrections,
    heartbeats: () => lan.counters(),
    lanPeers: () => lan.interfaces().map((i) => ({ interface: i.name, peers: i.heard.length })),
    eventsDropped: () => events.dropped(),
  });

  /** A step of the start-up, with the time since the process started (one per speaker process; the simulated ones stay quiet). */
  const milestone = (msg: string, extra: Record<string, unknown> = {}) => {
    if (!opts.shared) logger.info({ op: 'speaker.start', key: node, ...extra, processMs: Math.round(performance.now()) }, msg);
  };

  const run = async (): Promise<void> => {
    const tasks: Promise<unknown>[] = [];
    if (!opts.sources) tasks.push(sources.start(inner.signal));
    if (!opts.shared) tasks.push(keys.source.start(inner.signal));
    tasks.push(links.start(inner.signal));
    await links.scanned();
    milestone('interfaces scanned', { interfaces: links.names() });
    const synced = await sources.waitForSync(opts.signal);
    if (synced) {
      milestone('informers synced');
      await warmRanking(deps, model, node, opts.signal);
      warmed = true;
      milestone('ranking warm');
      lan.refresh();
      tasks.push(record.start(inner.signal));
      schedule(true);
      if (!opts.shared) {
        tasks.push(
          runResync({
            sources,
            systemNamespace: opts.systemNamespace,
            loadBalancerClass: opts.loadBalancerClass,
            ranking: deps.ranking,
            membership: () => lan.view(),
            targets: () => [{ audit, wireVersion: () => wireVersion }],
            intervalMs: resyncMs,
            signal: inner.signal,
          }),
        );
      }
    }
    await new Promise<void>((resolve) => {
      if (opts.signal.aborted) return resolve();
      opts.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await stop(tasks);
  };

  const stop = async (tasks: Promise<unknown>[]): Promise<void> => {
    stopping = true;
    scheduler.stop();
    markReady(false);
    links.quiet(); // silent on the wire first: never two MACs for one IP
    lan.leave(); // then goodbye on the LAN: the others take over within a pass
    const released = record.release(); // and the API record goes at the same time
    links.close();
    lan.stop();
    offSources();
    if (!opts.shared) board.close();
    unfollowPeers?.();
    await released;
    const mine = deps.statuses.list(deps.statusObjects());
    const cleanup = Promise.allSettled(mine.map((s) => deps.statuses.remove(s.name)));
    await Promise.race([cleanup, new Promise((r) => setTimeout(r, STOP_CLEANUP_MS).unref())]);
    inner.abort();
    removeMetrics();
    await events.flush();
    await Promise.allSettled(tasks);
    logger.info({ op: 'speaker.stop', key: node }, 'speaker stopped');
  };

  const stopped = run().catch((e: unknown) => {
    logger.error(
      { op: 'speaker.run', key: node, err: e instanceof Error ? e.message : String(e) },
      'speaker failed',
    );
    inner.abort();
    links.close();
    lan.stop();
  });

  return {
    nodeName: node,
    ready,
    stopped,
    health: () => health.build(healthInputs()),
    verdicts: () => state.verdicts,
    announced: () => links.announced(),
    membership: () => lan.view(),
    interfaces: () => links.interfaces(),
    heartbeats: () => lan.counters(),
    leaseWrites: () => leaseWrites,
    metricsText: () => metrics.metricsText(),
    audit,
    wireVersion: () => wireVersion,
    resyncCorrections: () => corrections,
  };
}

/** A speaker of its own (not simulated): its own key ring, fed by its own watch of the key Secret. */
function ownKeys(opts: StartSpeakerOptions, logger: Logger): SpeakerKeys {
  const ring = createKeyRing();
  return { ring, source: followSpeakerKey(ring, { kube: opts.kube, namespace: opts.systemNamespace, logger }) };
}

// Embedded mode: one speaker per Node object, each with a NIC on the in-memory virtual LAN
// (named `eth0` inside the node), heartbeats included: the same code as a real speaker. A Node
// created with kubectl gets a speaker; a deleted one loses it (clean stop). The speakers share
// one set of informers, the flattened services, the node ranking, the lease board, the peers'
// MACs and the heartbeat key ring (one watch of the key Secret; each frame verified once).
import { setMaxListeners } from 'node:events';
import { RankingCache, type HashFn } from '../../lib/election';
import { createBlockedMemo } from '../../lib/reconcile/speaker-election';
import { err, ok } from '../../lib/result';
import { silentLogger, type InformerSet, type KubeApi, type Logger } from '../kube';
import { renameTransport, type LinkProvider } from './links';
import { createSpeakerMetrics } from './metrics';
import { createLeaseBoard } from './lease-board';
import { createPassGate } from './pass-gate';
import { createPeerMacs, followPeerLeases } from './peer-macs';
import { createKeyRing, followSpeakerKey } from './heartbeat';
import { createSpeakerModel } from './speaker-model';
import { createSpeakerSources } from './sources';
import { sha256 } from './hash';
import { startSpeaker, type Speaker } from './speaker';
import { runResync } from './resync';
import { readEnv } from '../env';
import { transportError } from './transport/types';
import type { VirtualLan } from './transport/virtual-lan';

export const SIMULATED_INTERFACE = 'eth0';
/** The simulated speakers' Lease record (their liveness is on the virtual LAN). */
export const SIMULATED_LEASE_DURATION_MS = 90_000;
export const SIMULATED_LEASE_RENEW_MS = 30_000;

/**
 * A round that would repeat the last clean one is skipped (server/speaker/resync-memo.ts), but
 * every 12th runs in full anyway: a minute at the default 5 s.
 */
const RESYNC_FULL_EVERY = 12;

export interface StartSimulatedSpeakersOptions {
  kube: KubeApi;
  lan: VirtualLan;
  systemNamespace: string;
  signal: AbortSignal;
  logger?: Logger;
  hash?: HashFn;
  /** Defaults 90 s / 30 s: a hundred renewals every 15 s were a third of the process at rest. */
  leaseDurationMs?: number;
  leaseRenewMs?: number;
  /** Default IRONLB_SIMULATED_HEARTBEAT_INTERVAL_MS (5 s: a hundred speakers hear each other for under 1 % of a core; a clean stop says goodbye at once anyway). */
  heartbeatIntervalMs?: number;
  /** Default IRONLB_SPEAKER_RESYNC_MS; one resync round audits every simulated speaker. */
  resyncMs?: number;
  /** Informers shared with the other readers of this process (the embedded cluster's). */
  informers?: InformerSet;
}

export interface SimulatedSpeakers {
  /** Node name -> its running speaker. */
  speakers(): ReadonlyMap<string, Speaker>;
  /** Resolves once the shared informers listed everything (false if aborted first). */
  readonly synced: Promise<boolean>;
  /** Resolves when every speaker has stopped cleanly after the signal aborted. */
  readonly stopped: Promise<void>;
  /** Prometheus text of all simulated speakers. */
  metricsText(): Promise<string>;
  /** Stops a node's speaker cleanly (as SIGTERM would) and starts a new one for it; after kill(), starts a new one. */
  restart(node: string): Promise<void>;
  /**
   * Kills a node's speaker as kill -9 would: quiet at once on the API and the LAN, nothing more
   * written or sent (no goodbye: its peers stop hearing it; its Lease is left to expire, its
   * ServiceL2Statuses stay behind). It stays dead until its Node is re-created.
   */
  kill(node: string): Promise<void>;
}

/** The speaker's own connection, which kill() cuts: a dead process writes nothing more. */
function severable(kube: KubeApi): { kube: KubeApi; sever(): void; severed(): boolean } {
  let severed = false;
  const request = Object.assign(
    (o: Parameters<KubeApi['request']>[0]) => (severed ? Promise.reject(new Error('the speaker was killed')) : kube.request(o)),
    { server: kube.request.server },
  );
  const watch: KubeApi['watch'] = (...args) => (severed ? Promise.reject(new Error('the speaker was killed')) : kube.watch(...args));
  return { kube: { request, watch }, sever: () => void (severed = true), severed: () => severed };
}

/**
 * The virtual LAN as a node's only link: NIC `<node>` on the LAN, `eth0` to the speaker. While
 * `muted()` says so the NIC sends nothing (a killed process: no goodbye, no last heartbeat).
 */
export function virtualLinkProvider(lan: VirtualLan, node: string, muted: () => boolean = () => false): LinkProvider {
  return {
    kind: 'virtual',
    rescanMs: 0,
    listEligible: async () => [SIMULATED_INTERFACE],
    open(ifname) {
      try {
        const nic = renameTransport(lan.attach(node), ifname);
        const send = nic.send.bind(nic);
        return ok(Object.assign(nic, { send: (frame: Uint8Array) => (muted() ? ok(undefined) : send(frame)) }));
      } catch (e) {
        // The previous NIC of a node re-created at once may still be plugged in: retried later.
        return err(transportError('EBUSY', e instanceof Error ? e.message : String(e)));
      }
    },
  };
}

export function startSimulatedSpeakers(opts: StartSimulatedSpeakersOptions): SimulatedSpeakers {
  const logger = opts.logger ?? silentLogger;
  const inner = new AbortController();
  setMaxListeners(64, inner.signal); // seven shared informers and their watches
  const sources = createSpeakerSources({ kube: opts.kube, systemNamespace: opts.systemNamespace, logger, informers: opts.informers });
  const metrics = createSpeakerMetrics();
  const env = readEnv();
  const ring = createKeyRing();
  const shared = {
    model: createSpeakerModel(sources, opts.systemNamespace),
    ranking: new RankingCache(opts.hash ?? sha256),
    gate: createPassGate(),
    board: createLeaseBoard(sources),
    peers: createPeerMacs(),
    keys: { ring, source: followSpeakerKey(ring, { kube: opts.kube, namespace: opts.systemNamespace, logger }) },
    blocked: createBlockedMemo(),
  };
  const unfollowPeers = followPeerLeases(shared.peers, sources);
  const running = new Map<string, { speaker: Speaker; stop: AbortController; sever(): void }>();
  const stopping = new Set<Promise<void>>();
  const killed = new Set<string>();

  const add = (node: string) => {
    if (!node || running.has(node) || killed.has(node) || opts.signal.aborted) return;
    const stop = new AbortController();
    const link = severable(opts.kube);
    const speaker = startSpeaker({
      kube: link.kube,
      nodeName: node,
      transports: virtualLinkProvider(opts.lan, node, () => link.severed()),
      systemNamespace: opts.systemNamespace,
      signal: stop.signal,
      logger,
      hash: opts.hash ?? sha256,
      sources,
      metrics,
      shared,
      leaseDurationMs: opts.leaseDurationMs ?? SIMULATED_LEASE_DURATION_MS,
      leaseRenewMs: opts.leaseRenewMs ?? SIMULATED_LEASE_RENEW_MS,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? env.IRONLB_SIMULATED_HEARTBEAT_INTERVAL_MS,
      // No switch ages MAC tables on the virtual LAN; a hundred nodes' refreshes would cost a core.
      gratuitousRefreshMs: 0,
    });
    running.set(node, { speaker, stop, sever: link.sever });
    logger.info({ op: 'simulated.add', key: node }, 'simulated speaker started');
  };

  const remove = (node: string) => {
    const entry = running.get(node);
    if (!entry) return;
    running.delete(node);
    entry.stop.abort();
    const done = entry.speaker.stopped.finally(() => stopping.delete(done));
    stopping.add(done);
    logger.info({ op: 'simulated.remove', key: node }, 'simulated speaker stopping');
  };

  const off = sources.subscribe(({ kind, event }) => {
    if (kind !== 'nodes') return;
    if (event.type === 'deleted') {
      killed.delete(event.key);
      remove(event.key);
    } else add(event.key);
  });
  const informers = Promise.all([sources.start(inner.signal), shared.keys.source.start(inner.signal)]);
  const resync = runResync({
    sources,
    systemNamespace: opts.systemNamespace,
    ranking: shared.ranking,
    // One lossless LAN: every speaker hears each one that is ready, so each one's own view is the view.
    membership: () => {
      const speakers = new Map([...running].map(([n, e]) => [n, e.speaker]));
      const live = new Set([...speakers].filter(([n, s]) => s.membership().live.has(n)).map(([n]) => n));
      return { live, liveOn: (n, spec) => speakers.get(n)?.membership().liveOn(n, spec) ?? false };
    },
    targets: () => [...running.values()].map((e) => e.speaker),
    intervalMs: opts.resyncMs ?? env.IRONLB_SPEAKER_RESYNC_MS,
    signal: inner.signal,
    skipUnchanged: { fullEvery: RESYNC_FULL_EVERY },
  });
  const synced = sources.waitForSync(opts.signal);
  void synced.then((ok) => ok && sources.informers.nodes.list().forEach((n) => add(n.metadata.name ?? '')));

  const stopped = new Promise<void>((resolve) => {
    const finish = async () => {
      off();
      for (const node of [...running.keys()]) remove(node);
      await Promise.allSettled([...stopping]);
      shared.board.close();
      unfollowPeers();
      inner.abort();
      await Promise.all([informers, resync]);
      resolve();
    };
    if (opts.signal.aborted) void finish();
    else opts.signal.addEventListener('abort', () => void finish(), { once: true });
  });

  return {
    speakers: () => new Map([...running].map(([n, e]) => [n, e.speaker])),
    synced,
    stopped,
    metricsText: () => metrics.metricsText(),
    async restart(node) {
      if (killed.delete(node)) return add(node); // a new process after a kill, as its DaemonSet starts one
      const entry = running.get(node);
      if (!entry) return;
      remove(node);
      await entry.speaker.stopped;
      add(node);
    },
    async kill(node) {
      const entry = running.get(node);
      if (!entry) return;
      killed.add(node);
      entry.sever();
      remove(node);
      await entry.speaker.stopped;
    },
  };
}

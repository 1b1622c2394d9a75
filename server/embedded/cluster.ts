// The embedded cluster: the Kubernetes-compatible API server, the demo seed, the controller and
// one simulated speaker per Node on a virtual L2 segment. Used by the dashboard's worker and by
// `ironlb lab`; everything talks to the API server through server/kube like on a real cluster.
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { startApiServer } from '../apiserver';
import { readEnv } from '../env';
import { startController } from '../controller/controller';
import { createInformerSet, createKube, RESOURCES, type InformerSet, type Kube } from '../kube';
import { ingressIPs, type KubeService } from '../../lib/views';
import { createLanClient, type LanClient } from './lan-client';
import { moduleLogger } from '../log';
import { startSimulatedSpeakers, type SimulatedSpeakers } from '../speaker/simulated';
import { VirtualLan } from '../speaker/transport/virtual-lan';
import { createPodsMirror } from './pods-mirror';
import { seedDemo } from './seed-demo';

export interface EmbeddedClusterOptions {
  dataDir: string;
  apiPort?: number;
  systemNamespace: string;
  signal: AbortSignal;
  /** Seed the walkthrough's demo objects on the first start of this data dir. */
  seed: boolean;
  /** Run the controller and the simulated speakers (false: the API server alone). */
  components?: boolean;
  /** false: the API server runs no MetalLB webhook (see server/apiserver WriteContext.webhooks). */
  webhooks?: boolean;
  /** The simulated speakers' LAN heartbeat interval (default IRONLB_SIMULATED_HEARTBEAT_INTERVAL_MS). */
  heartbeatIntervalMs?: number;
}

export interface EmbeddedCluster {
  kube: Kube;
  /**
   * The informers every component of this process reads (controller, speakers, LAN client, the
   * dashboard through its runtime): one cache of each kind instead of one per component.
   */
  informers: InformerSet;
  /** Settles once a stop is complete: components first (the controller releases its lease), then the API server. */
  stopped: Promise<void>;
  kubeconfigPath: string;
  apiUrl: string;
  lan: VirtualLan;
  speakers?: SimulatedSpeakers;
  /** A host on the virtual LAN resolving every VIP periodically (IRONLB_LAN_CLIENT_INTERVAL_MS). */
  lanClient?: LanClient;
  seeded: boolean;
}

/**
 * Status writes the embedded controller keeps in flight (a real cluster's default is 8). Here the
 * API server, the controller and the simulated speakers share one event loop, and a write's round
 * trip waits a turn behind each speaker pass (tens of ms at 10,000 services): the controller is
 * bound by that latency, not by CPU, so more writes per turn hand out IPs faster (issue 17).
 */
const EMBEDDED_CONTROLLER_CONCURRENCY = 32;

export const sha256 = (s: string): Uint8Array => new Uint8Array(createHash('sha256').update(s).digest());

export async function startEmbeddedCluster(opts: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const log = moduleLogger('embedded');
  const api = await startApiServer({
    dataDir: opts.dataDir,
    port: opts.apiPort ?? 0,
    requestLogFile: readEnv().IRONLB_API_REQUEST_LOG,
    webhooks: opts.webhooks,
  });
  // One listener on the caller's signal; the components share ours (several listeners each).
  const components = new AbortController();
  setMaxListeners(64, components.signal);
  const running: Promise<unknown>[] = [];
  const stopped = new Promise<void>((resolve) => {
    const stop = async () => {
      components.abort();
      // The API server goes last, so the controller can release its Lease and speakers clean up.
      await Promise.allSettled(running);
      await api.close();
      log.info({ op: 'stop' }, 'embedded cluster stopped');
      resolve();
    };
    if (opts.signal.aborted) void stop();
    else opts.signal.addEventListener('abort', () => void stop(), { once: true });
  });
  const kube = createKube({ kubeconfigPath: api.componentsKubeconfigPath });
  // The embedded API server stores no managedFields (server/apiserver/wire.ts drops them from
  // every write), so stripping them takes nothing from the dashboard's history.
  const informers = createInformerSet({ kube, logger: moduleLogger('informers'), stripManagedFields: true });
  const lan = new VirtualLan();
  const seeded = opts.seed ? await seedDemo(kube, opts.dataDir) : false;
  log.info({ op: 'start', url: api.url, kubeconfig: api.kubeconfigPath, seeded }, 'embedded API server up');
  const cluster = { kube, informers, stopped, kubeconfigPath: api.kubeconfigPath, apiUrl: api.url, lan, seeded };
  if (opts.components === false || components.signal.aborted) return cluster;

  const signal = components.signal;
  // A stable identity lets a restarted worker lead again at once instead of waiting out the lease.
  const controller = startController({ kube, informers, concurrency: EMBEDDED_CONTROLLER_CONCURRENCY, systemNamespace: opts.systemNamespace, signal, identity: 'embedded', logger: moduleLogger('controller') });
  const speakers = startSimulatedSpeakers({ kube, informers, lan, systemNamespace: opts.systemNamespace, signal, heartbeatIntervalMs: opts.heartbeatIntervalMs });
  const mirror = createPodsMirror({ kube, informers, systemNamespace: opts.systemNamespace, logger: moduleLogger('pods-mirror') }).start(signal);
  const services = informers.informer({ resource: RESOURCES.services });
  const servicesDone = services.start(signal);
  const lanClient = createLanClient({
    lan,
    intervalMs: readEnv().IRONLB_LAN_CLIENT_INTERVAL_MS,
    synced: (s) => services.waitForSync(s),
    version: () => services.stats().changes,
    vips: () => (services.list() as unknown as KubeService[]).flatMap((s) => (s.spec?.type === 'LoadBalancer' ? ingressIPs(s) : [])),
  });
  lanClient.start(signal);
  running.push(controller.done, speakers.stopped, mirror, servicesDone);
  return { ...cluster, speakers, lanClient };
}

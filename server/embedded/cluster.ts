// The embedded cluster: the Kubernetes-compatible API server, the demo seed, the controller and
// one simulated speaker per Node on a virtual L2 segment. Used by the dashboard's worker and by
// `ironlb lab`; everything talks to the API server through server/kube like on a real cluster.
import { createHash } from 'node:crypto';
import { startApiServer } from '../apiserver';
import { readEnv } from '../env';
import { startController } from '../controller/controller';
import { createInformer, createKube, RESOURCES, type Kube } from '../kube';
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
}

export interface EmbeddedCluster {
  kube: Kube;
  kubeconfigPath: string;
  apiUrl: string;
  lan: VirtualLan;
  speakers?: SimulatedSpeakers;
  /** A host on the virtual LAN resolving every VIP periodically (IRONLB_LAN_CLIENT_INTERVAL_MS). */
  lanClient?: LanClient;
  seeded: boolean;
}

export const sha256 = (s: string): Uint8Array => new Uint8Array(createHash('sha256').update(s).digest());

export async function startEmbeddedCluster(opts: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const log = moduleLogger('embedded');
  const api = await startApiServer({
    dataDir: opts.dataDir,
    port: opts.apiPort ?? 0,
    signal: opts.signal,
    requestLogFile: readEnv().IRONLB_API_REQUEST_LOG,
    webhooks: opts.webhooks,
  });
  opts.signal.addEventListener('abort', () => void api.close(), { once: true });
  const kube = createKube({ kubeconfigPath: api.kubeconfigPath });
  const lan = new VirtualLan();
  const seeded = opts.seed ? await seedDemo(kube, opts.dataDir) : false;
  log.info({ op: 'start', url: api.url, kubeconfig: api.kubeconfigPath, seeded }, 'embedded API server up');
  if (opts.components === false) return { kube, kubeconfigPath: api.kubeconfigPath, apiUrl: api.url, lan, seeded };

  // A stable identity lets a restarted worker lead again at once instead of waiting out the lease.
  startController({ kube, systemNamespace: opts.systemNamespace, signal: opts.signal, identity: 'embedded', logger: moduleLogger('controller') });
  const speakers = startSimulatedSpeakers({ kube, lan, systemNamespace: opts.systemNamespace, signal: opts.signal });
  void createPodsMirror({ kube, systemNamespace: opts.systemNamespace, logger: moduleLogger('pods-mirror') }).start(opts.signal);
  const services = createInformer({ kube, resource: RESOURCES.services });
  void services.start(opts.signal);
  const lanClient = createLanClient({
    lan,
    intervalMs: readEnv().IRONLB_LAN_CLIENT_INTERVAL_MS,
    synced: (signal) => services.waitForSync(signal),
    vips: () => (services.list() as unknown as KubeService[]).flatMap((s) => (s.spec?.type === 'LoadBalancer' ? ingressIPs(s) : [])),
  });
  lanClient.start(opts.signal);
  return { kube, kubeconfigPath: api.kubeconfigPath, apiUrl: api.url, lan, speakers, lanClient, seeded };
}

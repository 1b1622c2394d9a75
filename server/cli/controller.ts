// `ironlb controller`: runs the LoadBalancer IP controller on its own against a cluster (a
// kubeconfig, KUBECONFIG or in-cluster), until SIGTERM/SIGINT. Optional /metrics listener.
import pino from 'pino';
import { readEnv } from '../env';
import { createKube } from '../kube';
import { controllerMetrics, createController, metricsText } from '../controller';
import { addProcessMetrics, COMMON_FLAGS, parseFlags, serveMetrics, stopSignal, type CommonArgs } from './daemon';

const USAGE = `usage: ironlb controller [--kubeconfig PATH] [--namespace NS] [--lb-class CLASS]
                         [--metrics-port PORT] [--metrics-host HOST] [--log-level LEVEL]

Runs the MetalLB-compatible controller: hands out LoadBalancer IPs from the IPAddressPools (or the
legacy ConfigMap <NS>/config) and writes status.loadBalancer.ingress. Several copies may run; a
Lease "ironlb-controller" in NS picks the active one. Stops on SIGTERM or SIGINT.

  --kubeconfig PATH     kubeconfig to use (default: $KUBECONFIG, in-cluster, ~/.kube/config)
  --namespace NS        system namespace (default: metallb-system)
  --lb-class CLASS      serve only services with spec.loadBalancerClass CLASS
  --metrics-port PORT   serve Prometheus metrics on HOST:PORT/metrics (0 = any free port), and the
                        probes /livez and /readyz (ready once the informers listed everything)
  --metrics-host HOST   address for --metrics-port (default: 127.0.0.1; 0.0.0.0 in a Pod)
  --log-level LEVEL     fatal|error|warn|info|debug|trace|silent (default: info)
`;

export type ControllerArgs = CommonArgs;

export function parseControllerArgs(args: string[]): ControllerArgs | string {
  const env = readEnv();
  return parseFlags<ControllerArgs>(args, { namespace: env.IRONLB_SYSTEM_NAMESPACE, logLevel: env.IRONLB_LOG_LEVEL, metricsHost: '127.0.0.1', help: false }, COMMON_FLAGS);
}

export interface ControllerIO {
  stderr: (s: string) => void;
  /** Stops the controller (tests); default: SIGTERM or SIGINT. */
  signal?: AbortSignal;
}

export async function runController(
  args: string[],
  io: ControllerIO = { stderr: (s) => process.stderr.write(s) },
): Promise<number> {
  const parsed = parseControllerArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`ironlb controller: ${parsed}\n${USAGE}`);
    return 1;
  }
  if (parsed.help) {
    io.stderr(USAGE);
    return 0;
  }
  const logger = pino({ level: parsed.logLevel, base: { component: 'controller' } });
  let kube;
  try {
    kube = createKube({ kubeconfigPath: parsed.kubeconfig });
  } catch (e) {
    io.stderr(`ironlb controller: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const stop = stopSignal(io.signal);
  const controller = createController({ kube, systemNamespace: parsed.namespace, loadBalancerClass: parsed.lbClass, logger });
  const ready = () => {
    const st = controller.status();
    return { ready: st.synced, detail: st.synced ? (st.leader ? 'leader' : `standby (leader: ${st.holder ?? 'none yet'})`) : 'listing the cluster' };
  };
  if (parsed.metricsPort !== undefined) addProcessMetrics(controllerMetrics().registry);
  const metrics = parsed.metricsPort !== undefined ? await serveMetrics(parsed.metricsPort, parsed.metricsHost, metricsText, ready) : undefined;
  if (metrics) {
    const addr = metrics.address();
    logger.info({ op: 'metrics', port: typeof addr === 'object' && addr ? addr.port : parsed.metricsPort }, 'serving /metrics, /livez, /readyz');
  }
  await controller.start(stop.signal);
  metrics?.close();
  stop.dispose();
  logger.info({ op: 'controller.stop' }, 'controller stopped');
  return 0;
}

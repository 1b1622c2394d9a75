// `ironlb controller`: runs the LoadBalancer IP controller on its own against a cluster (a
// kubeconfig, KUBECONFIG or in-cluster), until SIGTERM/SIGINT. Optional /metrics listener.
import { createServer, type Server } from 'node:http';
import pino from 'pino';
import { readEnv } from '../env';
import { createKube } from '../kube';
import { createController, METRICS_CONTENT_TYPE, metricsText } from '../controller';

const USAGE = `usage: ironlb controller [--kubeconfig PATH] [--namespace NS] [--lb-class CLASS]
                         [--metrics-port PORT] [--log-level LEVEL]

Runs the MetalLB-compatible controller: hands out LoadBalancer IPs from the IPAddressPools (or the
legacy ConfigMap <NS>/config) and writes status.loadBalancer.ingress. Several copies may run; a
Lease "ironlb-controller" in NS picks the active one. Stops on SIGTERM or SIGINT.

  --kubeconfig PATH     kubeconfig to use (default: $KUBECONFIG, in-cluster, ~/.kube/config)
  --namespace NS        system namespace (default: metallb-system)
  --lb-class CLASS      serve only services with spec.loadBalancerClass CLASS
  --metrics-port PORT   serve Prometheus metrics on 127.0.0.1:PORT/metrics (0 = any free port)
  --log-level LEVEL     fatal|error|warn|info|debug|trace|silent (default: info)
`;

export interface ControllerArgs {
  kubeconfig?: string;
  namespace: string;
  lbClass?: string;
  metricsPort?: number;
  logLevel: string;
  help: boolean;
}

const FLAGS: Record<string, (a: ControllerArgs, v: string) => string | void> = {
  '--kubeconfig': (a, v) => void (a.kubeconfig = v),
  '--namespace': (a, v) => void (a.namespace = v),
  '-n': (a, v) => void (a.namespace = v),
  '--lb-class': (a, v) => void (a.lbClass = v),
  '--log-level': (a, v) => void (a.logLevel = v),
  '--metrics-port': (a, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) return `--metrics-port needs a port number, got "${v}"`;
    a.metricsPort = n;
  },
};

export function parseControllerArgs(args: string[]): ControllerArgs | string {
  const out: ControllerArgs = { namespace: readEnv().IRONLB_SYSTEM_NAMESPACE, logLevel: readEnv().IRONLB_LOG_LEVEL, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const set = FLAGS[name];
    if (!set) return `unknown option "${arg}"`;
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) return `${name} needs a value`;
    const problem = set(out, value);
    if (problem) return problem;
  }
  return out;
}

function serveMetrics(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsText().then(
      (text) => res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE }).end(text),
      (e: unknown) => res.writeHead(500).end(String(e)),
    );
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
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
  const ac = new AbortController();
  const stop = () => ac.abort();
  io.signal?.addEventListener('abort', stop, { once: true });
  if (!io.signal) {
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }
  const metrics = parsed.metricsPort !== undefined ? await serveMetrics(parsed.metricsPort) : undefined;
  if (metrics) {
    const addr = metrics.address();
    logger.info({ op: 'metrics', port: typeof addr === 'object' && addr ? addr.port : parsed.metricsPort }, 'serving /metrics');
  }
  const controller = createController({ kube, systemNamespace: parsed.namespace, loadBalancerClass: parsed.lbClass, logger });
  await controller.start(ac.signal);
  metrics?.close();
  process.removeListener('SIGTERM', stop);
  process.removeListener('SIGINT', stop);
  logger.info({ op: 'controller.stop' }, 'controller stopped');
  return 0;
}

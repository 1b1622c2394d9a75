// `ironlb speaker --node <name>`: the real speaker for one node (a DaemonSet pod or a host
// process): AF_PACKET on the node's interfaces, against a cluster from a kubeconfig or the
// in-cluster config, until SIGTERM/SIGINT (then a clean stop: Lease deleted, quiet, statuses gone).
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { readEnv } from '../env';
import { createKube } from '../kube';
import { afPacketLinkProvider, checkAfPacketReady } from '../speaker/af-packet-links';
import { sha256 } from '../speaker/simulated';
import { startSpeaker } from '../speaker/speaker';

const USAGE = `usage: ironlb speaker --node NAME [--interface IF]... [--kubeconfig PATH] [--namespace NS]
                      [--lb-class CLASS] [--metrics-port PORT] [--metrics-host HOST] [--log-level LEVEL]

Answers ARP (IPv4) and NDP (IPv6) for the LoadBalancer IPs this node wins, MetalLB-compatible
Layer2 mode. Needs Linux, the native addon (npm install builds it) and CAP_NET_RAW.

  --node NAME           this node's name (default: $NODE_NAME or $METALLB_NODE_NAME)
  --interface IF        announce only on IF (repeatable; default: every eligible interface)
  --kubeconfig PATH     kubeconfig to use (default: $KUBECONFIG, in-cluster, ~/.kube/config)
  --namespace NS        system namespace (default: metallb-system)
  --lb-class CLASS      serve only services with spec.loadBalancerClass CLASS
  --metrics-port PORT   serve Prometheus metrics on HOST:PORT/metrics (MetalLB uses 7472)
  --metrics-host HOST   address for --metrics-port (default: 127.0.0.1)
  --log-level LEVEL     fatal|error|warn|info|debug|trace|silent (default: info)

Lease timings: IRONLB_LEASE_DURATION_MS (default 2000) and IRONLB_LEASE_RENEW_MS (default 500).
`;

export interface SpeakerArgs {
  node?: string;
  interfaces: string[];
  kubeconfig?: string;
  namespace: string;
  lbClass?: string;
  metricsPort?: number;
  metricsHost: string;
  logLevel: string;
  help: boolean;
}

const FLAGS: Record<string, (a: SpeakerArgs, v: string) => string | void> = {
  '--node': (a, v) => void (a.node = v),
  '--interface': (a, v) => void a.interfaces.push(v),
  '--kubeconfig': (a, v) => void (a.kubeconfig = v),
  '--namespace': (a, v) => void (a.namespace = v),
  '-n': (a, v) => void (a.namespace = v),
  '--lb-class': (a, v) => void (a.lbClass = v),
  '--metrics-host': (a, v) => void (a.metricsHost = v),
  '--log-level': (a, v) => void (a.logLevel = v),
  '--metrics-port': (a, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) return `--metrics-port needs a port number, got "${v}"`;
    a.metricsPort = n;
  },
};

export function parseSpeakerArgs(
  args: string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): SpeakerArgs | string {
  const base = readEnv();
  const out: SpeakerArgs = {
    node: env.NODE_NAME || env.METALLB_NODE_NAME || undefined,
    interfaces: [],
    namespace: base.IRONLB_SYSTEM_NAMESPACE,
    metricsHost: '127.0.0.1',
    logLevel: base.IRONLB_LOG_LEVEL,
    help: false,
  };
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
  if (!out.help && !out.node) return '--node is required (or set NODE_NAME)';
  return out;
}

function serveMetrics(port: number, host: string, text: () => Promise<string>): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    text().then(
      (body) => res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(body),
      (e: unknown) => res.writeHead(500).end(String(e)),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export interface SpeakerIO {
  stderr: (s: string) => void;
  /** Stops the speaker (tests); default: SIGTERM or SIGINT. */
  signal?: AbortSignal;
}

export async function runSpeaker(
  args: string[],
  io: SpeakerIO = { stderr: (s) => process.stderr.write(s) },
): Promise<number> {
  const parsed = parseSpeakerArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`ironlb speaker: ${parsed}\n${USAGE}`);
    return 1;
  }
  if (parsed.help) {
    io.stderr(USAGE);
    return 0;
  }
  // Fail once, with the missing piece named: a restart cannot fix any of these.
  const ready = checkAfPacketReady();
  if (!ready.ok) {
    io.stderr(`ironlb speaker: cannot start: ${ready.error}\n`);
    return 2;
  }
  let kube;
  try {
    kube = createKube({ kubeconfigPath: parsed.kubeconfig });
  } catch (e) {
    io.stderr(
      `ironlb speaker: cannot start: ${e instanceof Error ? e.message : String(e)} (pass --kubeconfig, set KUBECONFIG, or run in a Pod)\n`,
    );
    return 2;
  }
  const node = parsed.node as string;
  const logger = pino({ level: parsed.logLevel, base: { component: 'speaker', node } });
  const ac = new AbortController();
  const stop = () => ac.abort();
  io.signal?.addEventListener('abort', stop, { once: true });
  if (!io.signal) {
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }
  const speaker = startSpeaker({
    kube,
    nodeName: node,
    transports: afPacketLinkProvider({ only: parsed.interfaces }),
    systemNamespace: parsed.namespace,
    signal: ac.signal,
    logger,
    hash: sha256,
    loadBalancerClass: parsed.lbClass,
  });
  let metrics: Server | undefined;
  if (parsed.metricsPort !== undefined) {
    try {
      metrics = await serveMetrics(parsed.metricsPort, parsed.metricsHost, () => speaker.metricsText());
    } catch (e) {
      logger.error(
        { op: 'metrics', err: e instanceof Error ? e.message : String(e) },
        'cannot serve /metrics',
      );
    }
  }
  logger.info({ op: 'speaker.start', key: node, interfaces: parsed.interfaces }, 'speaker started');
  await speaker.stopped;
  metrics?.close();
  process.removeListener('SIGTERM', stop);
  process.removeListener('SIGINT', stop);
  return 0;
}

// Runnable directly (`npx tsx server/cli/speaker.ts --node n1`) until `ironlb speaker` is wired.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runSpeaker(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

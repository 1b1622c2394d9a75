// `ironlb speaker --node <name>`: the real speaker for one node (a DaemonSet pod or a host
// process): AF_PACKET on the node's interfaces, against a cluster from a kubeconfig or the
// in-cluster config, until SIGTERM/SIGINT (then a clean stop: Lease deleted, quiet, statuses gone).
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { readEnv } from '../env';
import { createKube } from '../kube';
import { afPacketLinkProvider, checkAfPacketReady } from '../speaker/af-packet-links';
import { sha256 } from '../speaker/hash';
import { createSpeakerMetrics } from '../speaker/metrics';
import { startSpeaker } from '../speaker/speaker';
import { addProcessMetrics, COMMON_FLAGS, parseFlags, serveMetrics, stopSignal, type CommonArgs, type FlagSetters } from './daemon';

const USAGE = `usage: ironlb speaker --node NAME [--interface IF]... [--kubeconfig PATH] [--namespace NS]
                      [--lb-class CLASS] [--metrics-port PORT] [--metrics-host HOST] [--log-level LEVEL]

Answers ARP (IPv4) and NDP (IPv6) for the LoadBalancer IPs this node wins, MetalLB-compatible
Layer2 mode. Needs Linux, the native addon (npm install builds it) and CAP_NET_RAW.

  --node NAME           this node's name (default: $NODE_NAME or $METALLB_NODE_NAME)
  --interface IF        announce only on IF (repeatable; default: every eligible interface)
  --kubeconfig PATH     kubeconfig to use (default: $KUBECONFIG, in-cluster, ~/.kube/config)
  --namespace NS        system namespace (default: metallb-system)
  --lb-class CLASS      serve only services with spec.loadBalancerClass CLASS
  --metrics-port PORT   serve Prometheus metrics on HOST:PORT/metrics (MetalLB uses 7472), and the
                        probes /livez and /readyz (ready once it holds its membership)
  --metrics-host HOST   address for --metrics-port (default: 127.0.0.1)
  --log-level LEVEL     fatal|error|warn|info|debug|trace|silent (default: info)

LAN heartbeats: IRONLB_HEARTBEAT_INTERVAL_MS (default 200), a peer is gone after
IRONLB_HEARTBEAT_MISSED (default 4) missed. Leases (the slow record): IRONLB_LEASE_DURATION_MS
(default 45000), IRONLB_LEASE_RENEW_MS (default 15000). Gratuitous ARP/NA repeated every
IRONLB_GRATUITOUS_REFRESH_MS (default 60000, 0 = only the burst on gain).
Periodic resync of every decision: IRONLB_SPEAKER_RESYNC_MS (default 5000, 0 = off).
`;

export interface SpeakerArgs extends CommonArgs {
  node?: string;
  interfaces: string[];
}

const FLAGS: FlagSetters<SpeakerArgs> = {
  ...(COMMON_FLAGS as FlagSetters<SpeakerArgs>),
  '--node': (a, v) => void (a.node = v),
  '--interface': (a, v) => void a.interfaces.push(v),
};

export function parseSpeakerArgs(
  args: string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): SpeakerArgs | string {
  const base = readEnv();
  const out = parseFlags<SpeakerArgs>(
    args,
    {
      node: env.NODE_NAME || env.METALLB_NODE_NAME || undefined,
      interfaces: [],
      namespace: base.IRONLB_SYSTEM_NAMESPACE,
      metricsHost: '127.0.0.1',
      logLevel: base.IRONLB_LOG_LEVEL,
      help: false,
    },
    FLAGS,
  );
  if (typeof out !== 'string' && !out.help && !out.node) return '--node is required (or set NODE_NAME)';
  return out;
}

/** When this module's imports had loaded (ms since the process started), for the start-up log. */
const MODULES_LOADED_AT = performance.now();

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
  const stop = stopSignal(io.signal);
  const speakerMetrics = createSpeakerMetrics();
  if (parsed.metricsPort !== undefined) addProcessMetrics(speakerMetrics.registry);
  const speaker = startSpeaker({
    metrics: speakerMetrics,
    kube,
    nodeName: node,
    transports: afPacketLinkProvider({ only: parsed.interfaces }),
    systemNamespace: parsed.namespace,
    signal: stop.signal,
    logger,
    hash: sha256,
    loadBalancerClass: parsed.lbClass,
  });
  let metrics: Server | undefined;
  if (parsed.metricsPort !== undefined) {
    try {
      let isReady = false;
      void speaker.ready.then((ok) => (isReady = ok));
      metrics = await serveMetrics(parsed.metricsPort, parsed.metricsHost, () => speaker.metricsText(), () => ({
        ready: isReady,
        detail: isReady ? 'announcing' : 'starting: waiting for its own membership',
      }));
    } catch (e) {
      logger.error(
        { op: 'metrics', err: e instanceof Error ? e.message : String(e) },
        'cannot serve /metrics',
      );
    }
  }
  logger.info({ op: 'speaker.start', key: node, interfaces: parsed.interfaces, loadedMs: Math.round(MODULES_LOADED_AT), processMs: Math.round(performance.now()) }, 'speaker started');
  await speaker.stopped;
  metrics?.close();
  stop.dispose();
  return 0;
}

// Runnable directly (`npx tsx server/cli/speaker.ts --node n1`) until `ironlb speaker` is wired.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runSpeaker(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

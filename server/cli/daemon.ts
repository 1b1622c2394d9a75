// What `ironlb controller` and `ironlb speaker` share: flag parsing (--flag value, --flag=value,
// -h/--help), the common flags, a /metrics listener, and a stop signal (SIGTERM/SIGINT or the
// caller's AbortSignal in tests), and the process's own metrics.
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, type Registry } from 'prom-client';

export interface CommonArgs {
  kubeconfig?: string;
  namespace: string;
  lbClass?: string;
  metricsPort?: number;
  metricsHost: string;
  logLevel: string;
  help: boolean;
}

export type FlagSetters<A> = Record<string, (a: A, v: string) => string | void>;

export const COMMON_FLAGS: FlagSetters<CommonArgs> = {
  '--kubeconfig': (a, v) => void (a.kubeconfig = v),
  '--namespace': (a, v) => void (a.namespace = v),
  '-n': (a, v) => void (a.namespace = v),
  '--lb-class': (a, v) => void (a.lbClass = v),
  '--log-level': (a, v) => void (a.logLevel = v),
  '--metrics-host': (a, v) => void (a.metricsHost = v),
  '--metrics-port': (a, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) return `--metrics-port needs a port number, got "${v}"`;
    a.metricsPort = n;
  },
};

/** Fills `out` from args; returns it, or the problem in words. */
export function parseFlags<A extends { help: boolean }>(args: string[], out: A, flags: FlagSetters<A>): A | string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const set = flags[name];
    if (!set) return `unknown option "${arg}"`;
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) return `${name} needs a value`;
    const problem = set(out, value);
    if (problem) return problem;
  }
  return out;
}

export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/** Whether the process may take work (readiness); liveness is the server answering at all. */
/**
 * The process's own metrics on a daemon's /metrics (resident memory, CPU, heap, GC, event-loop
 * delay), as MetalLB's Go daemons expose process_* and go_*. The event-loop delay is sampled every
 * 100 ms rather than prom-client's 10 ms, so an idle daemon is not woken 100 times a second.
 */
export function addProcessMetrics(registry: Registry): void {
  if (withProcessMetrics.has(registry)) return; // a second run in one process (tests) shares the registry
  withProcessMetrics.add(registry);
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
}
const withProcessMetrics = new WeakSet<Registry>();

export type ReadyCheck = () => { ready: boolean; detail: string };

/**
 * GET /metrics on host:port (0 = any free port), plus the probes a Deployment or DaemonSet
 * points at: /livez (200 while the event loop answers) and /readyz (200 once `ready` says so,
 * 503 with the reason before). Anything else is a 404.
 */
export function serveMetrics(port: number, host: string, text: () => Promise<string>, ready?: ReadyCheck): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/livez') return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    if (req.url === '/readyz') {
      const r = ready?.() ?? { ready: true, detail: 'ok' };
      return void res.writeHead(r.ready ? 200 : 503, { 'Content-Type': 'text/plain' }).end(r.detail);
    }
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    text().then(
      (body) => res.writeHead(200, { 'Content-Type': PROMETHEUS_TEXT }).end(body),
      (e: unknown) => res.writeHead(500).end(String(e)),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Aborts on SIGTERM/SIGINT, or when the caller's signal aborts; dispose() drops the handlers. */
export function stopSignal(external?: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const stop = () => ac.abort();
  external?.addEventListener('abort', stop, { once: true });
  if (!external) {
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }
  return {
    signal: ac.signal,
    dispose: () => {
      process.removeListener('SIGTERM', stop);
      process.removeListener('SIGINT', stop);
    },
  };
}

// `ironlb preflight`: the dashboard's preflight checks, run once against a cluster (a kubeconfig,
// KUBECONFIG or in-cluster) and printed, for CI pipelines. The same code as the Preflight page:
// a Dashboard's views are built from one list of every kind, then thrown away.
import { Dashboard } from '../dashboard/dashboard';
import { readPreflight } from '../dashboard/queries';
import { readEnv } from '../env';
import { createKube, describeError } from '../kube';
import type { CheckStatus, PreflightReport } from '../../lib/views';
import { parseFlags, type FlagSetters } from './daemon';

const USAGE = `usage: ironlb preflight [--kubeconfig PATH] [--namespace NS] [--lb-class CLASS]
                        [--output text|json] [--fail-on warn|error]

Runs the Preflight page's checks once against a cluster and prints them: kube-proxy strictARP,
pools without an L2Advertisement, missing interfaces, pending services, speakers, nodes that can
never announce, and pools that overlap node addresses, the Service or Pod CIDR, or gateways.

  --kubeconfig PATH     kubeconfig to use (default: $KUBECONFIG, in-cluster, ~/.kube/config)
  --namespace NS        system namespace (default: metallb-system)
  --lb-class CLASS      the loadBalancerClass the controller serves (default: services without one)
  --output FORMAT       text (default) or json (the report of GET /api/v1/preflight)
  --fail-on LEVEL       warn (default): exit 1 on any warning or error; error: only on errors

Exit status: 0 nothing wrong, 1 a check failed (see --fail-on), 2 a usage error or the cluster
could not be read.
`;

export interface PreflightArgs {
  kubeconfig?: string;
  namespace: string;
  lbClass?: string;
  output: 'text' | 'json';
  failOn: 'warn' | 'error';
  help: boolean;
}

const FLAGS: FlagSetters<PreflightArgs> = {
  '--kubeconfig': (a, v) => void (a.kubeconfig = v),
  '--namespace': (a, v) => void (a.namespace = v),
  '-n': (a, v) => void (a.namespace = v),
  '--lb-class': (a, v) => void (a.lbClass = v),
  '--output': (a, v) => (v === 'text' || v === 'json' ? void (a.output = v) : `--output must be text or json, got "${v}"`),
  '-o': (a, v) => FLAGS['--output'](a, v),
  '--fail-on': (a, v) => (v === 'warn' || v === 'error' ? void (a.failOn = v) : `--fail-on must be warn or error, got "${v}"`),
};

export function parsePreflightArgs(args: string[]): PreflightArgs | string {
  return parseFlags<PreflightArgs>(args, { namespace: readEnv().IRONLB_SYSTEM_NAMESPACE, output: 'text', failOn: 'warn', help: false }, FLAGS);
}

const WORDS: Record<CheckStatus, string> = { ok: 'ok', info: 'info', warn: 'warning', error: 'error' };

export function formatReport(report: PreflightReport): string {
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(`${WORDS[c.status].padEnd(8)}${c.title}: ${c.summary}`);
    for (const d of c.details) lines.push(`        - ${d}`);
    for (const n of c.notes ?? []) lines.push(`        note: ${n}`);
  }
  lines.push(`${report.errors} ${report.errors === 1 ? 'error' : 'errors'}, ${report.warnings} ${report.warnings === 1 ? 'warning' : 'warnings'}`);
  return `${lines.join('\n')}\n`;
}

export interface PreflightIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

async function readReport(parsed: PreflightArgs): Promise<PreflightReport> {
  const kube = createKube({ kubeconfigPath: parsed.kubeconfig });
  const stop = new AbortController();
  const dash = new Dashboard(kube, {
    kube,
    systemNamespace: parsed.namespace,
    loadBalancerClass: parsed.lbClass,
    push: () => undefined,
    describe: () => ({ mode: 'cluster', state: 'running', cluster: kube.request.server, runsController: false, readOnly: true }),
  });
  dash.start(stop.signal);
  try {
    const { checks, warnings, errors } = await readPreflight(dash);
    return { checks, warnings, errors };
  } finally {
    stop.abort();
  }
}

export async function runPreflight(args: string[], io: PreflightIO): Promise<number> {
  const parsed = parsePreflightArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`ironlb preflight: ${parsed}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  let report: PreflightReport;
  try {
    report = await readReport(parsed);
  } catch (e) {
    io.stderr(`ironlb preflight: ${describeError(e)}\n`);
    return 2;
  }
  io.stdout(parsed.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  const failed = report.errors > 0 || (parsed.failOn === 'warn' && report.warnings > 0);
  return failed ? 1 : 0;
}

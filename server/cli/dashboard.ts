// `ironlb dashboard`: serves the dashboard (the container image's Next standalone server, or
// `next start` in a built checkout), after taking the first admin's password from a Secret when
// asked to (--admin-secret, see admin-secret.ts). The mode (embedded, ironlb, MetalLB) is decided
// by the dashboard itself (IRONLB_MODE, default auto).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createKube } from '../kube';
import { ensureAdminSecret, readPasswordCommand } from './admin-secret';

const USAGE = `usage: ironlb dashboard [--host HOST] [--port PORT] [--namespace NS] [--kubeconfig PATH]
                        [--data-dir DIR] [--admin-secret NAME]

Serves the ironlb dashboard. Without a cluster configured it runs the embedded cluster; with a
kubeconfig, or inside a Pod, it shows the cluster's load balancer (ironlb's, or MetalLB's) and runs
no controller of its own (IRONLB_MODE, see README).

  --host HOST           address to listen on (default: 127.0.0.1; 0.0.0.0 in a Pod)
  --port PORT           port (default: 3000)
  --namespace NS        system namespace (default: metallb-system)
  --kubeconfig PATH     kubeconfig to use (default: $KUBECONFIG, or in-cluster)
  --data-dir DIR        users, sessions, audit and history (default: $IRONLB_DATA_DIR or ./.ironlb)
  --admin-secret NAME   take the first admin's password from Secret NS/NAME (key "password"),
                        filling it with a random one when empty
`;

interface DashboardArgs {
  host: string;
  port: string;
  namespace?: string;
  kubeconfig?: string;
  dataDir?: string;
  adminSecret?: string;
  help: boolean;
}

const VALUE_FLAGS: Record<string, keyof DashboardArgs> = {
  '--host': 'host',
  '--port': 'port',
  '--namespace': 'namespace',
  '-n': 'namespace',
  '--kubeconfig': 'kubeconfig',
  '--data-dir': 'dataDir',
  '--admin-secret': 'adminSecret',
};

export function parseDashboardArgs(args: string[]): DashboardArgs | string {
  const out: DashboardArgs = { host: '127.0.0.1', port: '3000', help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const key = VALUE_FLAGS[eq > 0 ? arg.slice(0, eq) : arg];
    if (!key) return `unknown option "${arg}"`;
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) return `${arg} needs a value`;
    (out as unknown as Record<string, string>)[key] = value;
  }
  const port = Number(out.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `--port needs a port number, got "${out.port}"`;
  return out;
}

/** The image's Next standalone server (server.js beside .next), looked for above the bundle. */
function findStandaloneServer(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'server.js');
    if (existsSync(candidate) && existsSync(join(dir, '.next'))) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

export async function runDashboard(args: string[], io = { stderr: (s: string) => void process.stderr.write(s), stdout: (s: string) => void process.stdout.write(s) }): Promise<number> {
  const parsed = parseDashboardArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`ironlb dashboard: ${parsed}\n${USAGE}`);
    return 1;
  }
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  // The dashboard reads its settings from the environment (server/env.ts): set them first.
  if (parsed.namespace) process.env.IRONLB_SYSTEM_NAMESPACE = parsed.namespace;
  if (parsed.kubeconfig) process.env.KUBECONFIG = parsed.kubeconfig;
  if (parsed.dataDir) process.env.IRONLB_DATA_DIR = parsed.dataDir;
  if (parsed.adminSecret) await takeAdminPassword(parsed.adminSecret, io.stderr);
  process.env.PORT = parsed.port;
  process.env.HOSTNAME = parsed.host;
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const standalone = findStandaloneServer();
  if (standalone) {
    process.chdir(dirname(standalone));
    await import(pathToFileURL(standalone).href);
    return new Promise<number>(() => undefined); // serves until the process is signalled
  }
  return runNextStart(parsed, io.stderr);
}

async function takeAdminPassword(name: string, stderr: (s: string) => void): Promise<void> {
  const namespace = process.env.IRONLB_SYSTEM_NAMESPACE ?? 'metallb-system';
  let result;
  try {
    result = await ensureAdminSecret(createKube({ kubeconfigPath: process.env.KUBECONFIG }), namespace, name);
  } catch (e) {
    result = { ok: false as const, error: e instanceof Error ? e.message : String(e) };
  }
  if (!result.ok) {
    stderr(`ironlb dashboard: ${result.error}; the first admin's password is generated and printed below instead\n`);
    return;
  }
  process.env.IRONLB_ADMIN_PASSWORD = result.password;
  stderr(
    `ironlb dashboard: the first admin's password is in Secret ${namespace}/${name}${result.filled ? ' (generated now)' : ''}: ${readPasswordCommand(namespace, name)}\n`,
  );
}

/** A checkout: `next start` on the built app. */
function runNextStart(args: DashboardArgs, stderr: (s: string) => void): Promise<number> {
  let root = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  const next = join(root, 'node_modules', '.bin', 'next');
  if (!existsSync(join(root, '.next', 'BUILD_ID')) || !existsSync(next)) {
    stderr('ironlb dashboard: the app is not built here: run "npm start" (it builds first) or "npm run build"\n');
    return Promise.resolve(1);
  }
  const child = spawn(next, ['start', '-p', args.port, '-H', args.host], { cwd: root, stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

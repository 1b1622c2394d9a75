// `ironlb dashboard`: serves the dashboard (scripts/serve.mjs: Next's handler behind a server with
// header and idle timeouts and the real peer address, on the image's standalone build or a
// checkout's), after taking the first admin's password from a Secret when
// asked to (--admin-secret, see admin-secret.ts). The mode (embedded, ironlb, MetalLB) is decided
// by the dashboard itself (IRONLB_MODE, default auto).
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

/**
 * The built app and its server: in the image, serve.mjs beside Next's standalone .next; in a
 * checkout, scripts/serve.mjs and the .next that `npm run build` made.
 */
function findApp(): { dir: string; serve: string } | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const serve of [join(dir, 'serve.mjs'), join(dir, 'scripts', 'serve.mjs')]) {
      if (existsSync(serve) && existsSync(join(dir, '.next', 'BUILD_ID'))) return { dir, serve };
    }
    if (dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
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
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const app = findApp();
  if (!app) {
    io.stderr('ironlb dashboard: the app is not built here: run "npm start" (it builds first) or "npm run build"\n');
    return 1;
  }
  const { serveDashboard } = (await import(pathToFileURL(app.serve).href)) as {
    serveDashboard(o: { port: number; hostname: string; dir: string }): Promise<void>;
  };
  await serveDashboard({ port: Number(parsed.port), hostname: parsed.host, dir: app.dir });
  return new Promise<number>(() => undefined); // serves until the process is signalled
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

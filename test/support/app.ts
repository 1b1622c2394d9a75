// The built dashboard for route, e2e and bench tests: scripts/serve.mjs (Next behind ironlb's server, as `npm start` runs it) on a free loopback port with
// a fresh IRONLB_DATA_DIR (embedded cluster, demo seed) and a known admin password; helpers to
// call the API signed in, and a client-node connection to the embedded API server.
// Needs a build (`npm run build`); IRONLB_APP_DIR points at a build made elsewhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKube, type Kube } from '../../server/kube';
import { sameOriginHeaders, signIn, TEST_ADMIN } from './auth';
// The V8 flags and malloc setting `npm start` runs the dashboard with (scripts/start.mjs).
import dashboardProcess from '../../scripts/dashboard-process.json';

export interface DashboardApp {
  baseUrl: string;
  dataDir: string;
  /** Cookie header of the signed-in admin. */
  cookie: string;
  /** The app's process (Next and the worker thread with the embedded cluster). */
  pid: number;
  logs(): string;
  /** fetch() against the app, signed in as admin, JSON body and same Origin. */
  api(pathname: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** client-node wiring to the embedded API server (its kubeconfig is in the data dir). */
  kube(): Kube;
  stop(): Promise<void>;
  /** kill -9 of the whole app (Next, the worker, the embedded cluster); the data dir stays. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** Start on this data dir (a restart: it is kept on stop) instead of a fresh one. */
  dataDir?: string;
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` (no fixed sleeps elsewhere): resolves with its first truthy value. */
export async function waitUntil<T>(check: () => Promise<T | undefined | null | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 8_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function childEnv(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.KUBECONFIG;
  delete env.KUBERNETES_SERVICE_HOST;
  return {
    ...dashboardProcess.env,
    ...env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    IRONLB_MODE: 'embedded',
    IRONLB_DATA_DIR: dataDir,
    IRONLB_ADMIN_PASSWORD: TEST_ADMIN.password,
    IRONLB_LOG_LEVEL: 'warn',
    ...extra,
  };
}

export async function startDashboard(extraEnv: Record<string, string> = {}, opts: StartOptions = {}): Promise<DashboardApp> {
  const appDir = process.env.IRONLB_APP_DIR ?? REPO;
  if (!existsSync(path.join(appDir, '.next', 'BUILD_ID'))) throw new Error(`no Next build in ${appDir}: run "npm run build" first`);
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'ironlb-dash-'));
  const port = await freePort();
  const child = spawn(process.execPath, [...dashboardProcess.nodeFlags, path.join(appDir, 'scripts', 'serve.mjs'), '-p', String(port), '-H', '127.0.0.1', appDir], {
    cwd: appDir,
    env: childEnv(dataDir, extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  let kube: Kube | undefined;
  const stop = async () => {
    await stopChild(child);
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${output.slice(-4000)}`);
        return (await fetch(`${baseUrl}/api/healthz`)).status === 200;
      },
      90_000,
      'GET /api/healthz 200',
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${output.slice(-4000)}`);
    });
    const cookie = await signIn(baseUrl, TEST_ADMIN.user, TEST_ADMIN.password);
    return {
      baseUrl,
      dataDir,
      cookie,
      pid: child.pid ?? 0,
      logs: () => output,
      api: (pathname, init = {}) =>
        fetch(`${baseUrl}${pathname}`, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          headers: { ...sameOriginHeaders(baseUrl, cookie), ...init.headers },
          body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
        }),
      kube: () => (kube ??= createKube({ kubeconfigPath: path.join(dataDir, 'kubeconfig') })),
      stop,
      kill,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

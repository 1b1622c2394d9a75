// Starts the built ironlb app (scripts/serve.mjs, as `npm start` runs it) on a free loopback port with a fresh data directory
// and a known admin password; stop() ends only that process. Set IRONLB_APP_DIR to test a build
// made elsewhere (default: this repository, which must have been built: npm run build).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ADMIN } from '../../support/auth';

export type RunningApp = { baseUrl: string; dataDir: string; appDir: string; logs: () => string; stop: () => Promise<void> };

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function resolveAppDir(): string {
  return process.env.IRONLB_APP_DIR ?? REPO;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, logs: () => string, child: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited (${child.exitCode}) before ${what}:\n${logs()}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}:\n${logs().slice(-4000)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startApp(extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  const appDir = resolveAppDir();
  if (!existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
    throw new Error(`no Next build in ${appDir}: run "npm run build" first (or set IRONLB_APP_DIR)`);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ironlb-sec-'));
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.KUBECONFIG;
  delete env.KUBERNETES_SERVICE_HOST;
  Object.assign(env, {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    IRONLB_MODE: 'embedded',
    IRONLB_DATA_DIR: dataDir,
    IRONLB_ADMIN_PASSWORD: TEST_ADMIN.password,
    IRONLB_LOG_LEVEL: 'warn',
    ...extraEnv,
  });
  const child = spawn(process.execPath, [path.join(appDir, 'scripts', 'serve.mjs'), '-p', String(port), '-H', '127.0.0.1', appDir], {
    cwd: appDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const logs = () => output;
  const app: RunningApp = {
    baseUrl,
    dataDir,
    appDir,
    logs,
    stop: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(async () => (await fetch(`${baseUrl}/api/healthz`)).status === 200, 90_000, 'the worker (GET /api/healthz 200)', logs, child);
  } catch (e) {
    await app.stop();
    throw e;
  }
  return app;
}

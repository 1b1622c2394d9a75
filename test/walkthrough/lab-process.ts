// Runs `ironlb lab --no-seed` as a user would (node bin/ironlb.mjs), in its own data dir, and polls
// kubectl output until a condition holds. Stopped with SIGTERM, like Ctrl-C in a terminal.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface LabProcess {
  dataDir: string;
  kubeconfig: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** SIGTERM, wait for the exit, and remove the data dir unless `keep`. */
  stop(opts?: { keep?: boolean }): Promise<void>;
}

/** `dir` reuses a data dir (a restart); by default a fresh one is made. `apiOnly`: the API server alone. */
export async function startLab(timeoutMs = 90_000, opts: { dir?: string; apiOnly?: boolean } = {}): Promise<LabProcess> {
  const dataDir = opts.dir ?? mkdtempSync(join(tmpdir(), 'ironlb-walkthrough-'));
  const args = ['lab', '--data-dir', dataDir, '--no-seed', ...(opts.apiOnly ? ['--api-only'] : [])];
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'bin/ironlb.mjs'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, IRONLB_LOG_LEVEL: 'warn', KUBECONFIG: '', IRONLB_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => { out += String(d); });
  child.stderr?.on('data', (d) => { out += String(d); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kubeconfig = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ironlb lab did not print its kubeconfig in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /export KUBECONFIG=(\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`ironlb lab exited (${code}) before it was ready:\n${out}`)); });
  });
  return {
    dataDir,
    kubeconfig,
    output: () => out,
    async stop(opts = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (!opts.keep) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Re-runs `probe` until `accept` holds or the deadline passes; returns the last result either way. */
export async function pollUntil<T>(probe: () => Promise<T>, accept: (v: T) => boolean, deadlineMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (accept(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// The embedded API server as its own process (server/apiserver/main.ts under tsx), for tests that
// kill it -9: its URL, the admin's bearer token and kubeconfig, and a clean or hard stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stoppers } from './child-stop';
import { parse } from 'yaml';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface ApiServerProcess {
  child: ChildProcess;
  url: string;
  token: string;
  kubeconfigPath: string;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the server on `dataDir`; rejects with its stderr when it exits before serving. */
export async function startApiServerProcess(dataDir: string, port = 0): Promise<ApiServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/apiserver/main.ts', '--data-dir', dataDir, '--port', String(port)], {
    cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const kubeconfigPath = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err.trim()}`)));
  });
  const kc = parse(readFileSync(kubeconfigPath, 'utf8'));
  const serverPort = new URL(kc.clusters[0].cluster.server).port;
  return {
    child, kubeconfigPath, url: `http://127.0.0.1:${serverPort}`, token: kc.users[0].user.token,
    stderr: () => err,
    ...stoppers(child),
  };
}

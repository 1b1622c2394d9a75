// Controllers as child processes (controller-main.ts) with a short lease, to be killed -9.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stoppers } from '../../support/child-stop';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const main = fileURLToPath(new URL('./controller-main.ts', import.meta.url));

export interface ControllerProcess {
  identity: string;
  child: ChildProcess;
  /** Resolves when the controller printed this line ("leading", "ready"); rejects if it exits first. */
  saw(line: 'leading' | 'ready'): Promise<void>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export function spawnController(kubeconfigPath: string, identity: string, leaseMs = 2000): ControllerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', main, kubeconfigPath, identity, String(leaseMs)], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const saw = (line: string) => new Promise<void>((resolve, reject) => {
    const look = () => {
      if (!out.split('\n').includes(line)) return;
      child.stdout!.off('data', look);
      resolve();
    };
    child.stdout!.on('data', look);
    child.once('exit', () => reject(new Error(`controller ${identity} exited before "${line}": ${err.trim().slice(-500)}`)));
    look();
  });
  return {
    identity, child, saw,
    ...stoppers(child),
  };
}

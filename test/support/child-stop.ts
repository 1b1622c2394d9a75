// Stopping a test's child process: SIGKILL (a crash) or SIGTERM (a clean stop), resolving once it exited.
import type { ChildProcess } from 'node:child_process';

export const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));

export function stoppers(child: ChildProcess) {
  return {
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

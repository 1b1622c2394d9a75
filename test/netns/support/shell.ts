// Running commands for the netns harness: argv arrays only (no shell strings), errors that show
// the command and its stderr.
import { execFile, execFileSync } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs argv; rejects on a non-zero exit unless `allowFailure`. */
export function run(argv: string[], opts: { allowFailure?: boolean; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(argv[0], argv.slice(1), { timeout: opts.timeoutMs ?? 20_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      if (code !== 0 && !opts.allowFailure) {
        reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr.trim() || stdout.trim() || error?.message}`));
        return;
      }
      resolve({ stdout, stderr, code });
    });
  });
}

/** Synchronous variant for exit handlers (async work does not run in process 'exit'). */
export function runSync(argv: string[]): string {
  try {
    return execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

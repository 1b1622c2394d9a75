// What runs inside the worker: the cluster connection (embedded API server or a real cluster),
// and later the controller and speakers. Constructing it starts nothing; start(signal) does.
import { readEnv, resolveMode } from '../env';
import type { WorkerPush } from './protocol';

export type RuntimeState = 'starting' | 'running' | 'failed' | 'stopped';

export interface Runtime {
  start(signal: AbortSignal): Promise<void>;
  stopped(): Promise<void>;
  describe(): { mode: 'embedded' | 'kube'; state: RuntimeState; error?: string; kubeconfigPath?: string };
  push(topic: string, data: unknown): void;
}

export function createRuntime(post: (push: WorkerPush) => void): Runtime {
  const env = readEnv();
  const mode = resolveMode(env);
  let state: RuntimeState = 'starting';
  let error: string | undefined;
  const kubeconfigPath: string | undefined = env.KUBECONFIG;
  let done: Promise<void> = Promise.resolve();

  return {
    async start(signal) {
      try {
        state = 'running';
        done = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      } catch (e) {
        state = 'failed';
        error = e instanceof Error ? e.message : String(e);
        throw e;
      }
    },
    stopped: () => done.then(() => void (state = 'stopped')),
    describe: () => ({ mode, state, error, kubeconfigPath }),
    push: (topic, data) => post({ kind: 'push', topic, data }),
  };
}

// What runs inside the worker: the cluster connection (the embedded cluster, or a real cluster
// with the controller leader-elected), and the push channel to the host. Constructing it starts
// nothing; start(signal) does.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { readEnv, resolveMode } from '../env';
import { startEmbeddedCluster, type EmbeddedCluster } from '../embedded/cluster';
import { startController } from '../controller/controller';
import { createKube, describeError, type Kube } from '../kube';
import { moduleLogger } from '../log';
import type { WorkerPush } from './protocol';

export type RuntimeState = 'starting' | 'running' | 'failed' | 'stopped';

export interface RuntimeDescription {
  mode: 'embedded' | 'kube';
  state: RuntimeState;
  error?: string;
  kubeconfigPath?: string;
  cluster: string;
}

export interface Runtime {
  start(signal: AbortSignal): Promise<void>;
  stopped(): Promise<void>;
  describe(): RuntimeDescription;
  push(topic: string, data: unknown): void;
  readonly kube?: Kube;
  readonly embedded?: EmbeddedCluster;
  readonly systemNamespace: string;
  readonly dataDir: string;
}

export function createRuntime(post: (push: WorkerPush) => void): Runtime {
  const env = readEnv();
  const mode = resolveMode(env);
  const log = moduleLogger('runtime');
  let state: RuntimeState = 'starting';
  let error: string | undefined;
  let done: Promise<void> = Promise.resolve();

  const runtime: Runtime & { kube?: Kube; embedded?: EmbeddedCluster; kubeconfigPath?: string } = {
    systemNamespace: env.IRONLB_SYSTEM_NAMESPACE,
    dataDir: path.resolve(env.IRONLB_DATA_DIR),
    kubeconfigPath: env.KUBECONFIG,
    async start(signal) {
      done = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      try {
        if (mode === 'embedded') {
          mkdirSync(runtime.dataDir, { recursive: true });
          const cluster = await startEmbeddedCluster({
            dataDir: runtime.dataDir,
            apiPort: env.IRONLB_API_PORT,
            systemNamespace: runtime.systemNamespace,
            signal,
            seed: true,
          });
          runtime.embedded = cluster;
          done = cluster.stopped;
          runtime.kube = cluster.kube;
          runtime.kubeconfigPath = cluster.kubeconfigPath;
        } else {
          runtime.kube = createKube({ kubeconfigPath: env.KUBECONFIG });
          startController({ kube: runtime.kube, systemNamespace: runtime.systemNamespace, signal, logger: moduleLogger('controller') });
        }
        state = 'running';
        log.info({ op: 'start', mode, kubeconfig: runtime.kubeconfigPath }, 'runtime running');
      } catch (e) {
        state = 'failed';
        error = describeError(e);
        log.error({ op: 'start', err: error }, 'runtime failed to start');
        throw e;
      }
    },
    stopped: () => done.then(() => void (state = 'stopped')),
    describe: () => ({
      mode,
      state,
      error,
      kubeconfigPath: runtime.kubeconfigPath,
      cluster: mode === 'embedded' ? 'embedded' : (runtime.kube?.kc.getCurrentCluster()?.name ?? 'cluster'),
    }),
    push: (topic, data) => post({ kind: 'push', topic, data }),
  };
  return runtime;
}

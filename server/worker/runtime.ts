// What runs inside the worker: the cluster connection (the embedded cluster, or a real cluster
// in the mode lib/views/cluster-mode decides: ironlb's components, MetalLB's, or a controller of
// our own when told so), and the push channel to the host. Constructing it starts nothing;
// start(signal) does.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { modeSetting, readEnv, resolveMode } from '../env';
import { startEmbeddedCluster, type EmbeddedCluster } from '../embedded/cluster';
import { createKube, describeError, type InformerSet, type Kube } from '../kube';
import { moduleLogger } from '../log';
import type { RuntimeDescription, RuntimeState } from '../../lib/contract/worker-ops';
import type { ClusterMode } from '../../lib/views/cluster-mode';
import { superviseMode, type ModeState } from './mode-supervisor';
import type { WorkerPush } from './protocol';

export type { RuntimeDescription, RuntimeState };

export interface Runtime {
  start(signal: AbortSignal): Promise<void>;
  stopped(): Promise<void>;
  describe(): RuntimeDescription;
  push(topic: string, data: unknown): void;
  readonly kube?: Kube;
  /** The embedded cluster's shared informers (embedded mode only). */
  readonly informers?: InformerSet;
  readonly embedded?: EmbeddedCluster;
  readonly systemNamespace: string;
  readonly dataDir: string;
}

export function createRuntime(post: (push: WorkerPush) => void): Runtime {
  const env = readEnv();
  const embeddedMode = resolveMode(env) === 'embedded';
  const log = moduleLogger('runtime');
  let state: RuntimeState = 'starting';
  let error: string | undefined;
  let mode: (() => ModeState) | undefined;
  let done: Promise<void> = Promise.resolve();

  const runtime: Runtime & { kube?: Kube; informers?: InformerSet; embedded?: EmbeddedCluster; kubeconfigPath?: string; systemNamespace: string } = {
    systemNamespace: env.IRONLB_SYSTEM_NAMESPACE,
    dataDir: path.resolve(env.IRONLB_DATA_DIR),
    kubeconfigPath: env.KUBECONFIG,
    async start(signal) {
      done = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      try {
        if (embeddedMode) {
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
          runtime.informers = cluster.informers;
          runtime.kubeconfigPath = cluster.kubeconfigPath;
        } else {
          runtime.kube = createKube({ kubeconfigPath: env.KUBECONFIG });
          const supervisor = await superviseMode(
            {
              kube: runtime.kube,
              setting: modeSetting(env),
              systemNamespace: runtime.systemNamespace,
              logger: moduleLogger('mode'),
              // A worker thread's exit ends only the worker; the host starts a new one.
              onChange: () => process.exit(0),
            },
            signal,
          );
          mode = supervisor.state;
          runtime.systemNamespace = mode().decision.systemNamespace ?? runtime.systemNamespace;
        }
        state = 'running';
        log.info({ op: 'start', mode: describe().mode, runsController: describe().runsController, kubeconfig: runtime.kubeconfigPath }, 'runtime running');
      } catch (e) {
        state = 'failed';
        error = describeError(e);
        log.error({ op: 'start', err: error }, 'runtime failed to start');
        throw e;
      }
    },
    stopped: () => done.then(() => void (state = 'stopped')),
    describe: () => describe(),
    push: (topic, data) => post({ kind: 'push', topic, data }),
  };

  function describe(): RuntimeDescription {
    const m = mode?.();
    return {
      mode: embeddedMode ? 'embedded' : (m?.decision.mode ?? (modeSetting(env) === 'auto' ? 'cluster' : (modeSetting(env) as ClusterMode))),
      state,
      error: error ?? m?.decision.error,
      warning: m?.decision.warning,
      kubeconfigPath: runtime.kubeconfigPath,
      cluster: embeddedMode ? 'embedded' : (runtime.kube?.kc.getCurrentCluster()?.name ?? 'cluster'),
      runsController: embeddedMode || !!m?.decision.runsController,
      readOnly: env.IRONLB_READ_ONLY,
      detection: m?.detection,
    };
  }
  return runtime;
}

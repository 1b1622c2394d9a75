// Runs the dashboard's cluster mode against a real cluster (lib/views/cluster-mode decides):
// looks at what runs there at start and every 30 s, runs the controller only when the decision
// says so (standalone, with no MetalLB), and stops it the moment MetalLB appears. A decision
// that changes after start (MetalLB installed or removed) restarts the worker, so every part
// (namespace, membership source) starts again from the new mode.
import { decideMode, type LoadBalancerDetection, type ModeDecision, type ModeSetting } from '../../lib/views/cluster-mode';
import { startController } from '../controller/controller';
import { sleep, type Kube, type Logger } from '../kube';
import { detectLoadBalancers } from './detect-load-balancers';

const RECHECK_MS = 30_000;
const DETECT_TIMEOUT_MS = 10_000;

export interface ModeSupervisorOptions {
  kube: Kube;
  setting: ModeSetting;
  systemNamespace: string;
  logger: Logger;
  /** The decision changed after start: the caller restarts (the worker exits and is restarted). */
  onChange(before: ModeDecision, after: ModeDecision): void;
}

export interface ModeState {
  decision: ModeDecision;
  detection: LoadBalancerDetection;
}

async function look(opts: ModeSupervisorOptions): Promise<ModeState> {
  let detection: LoadBalancerDetection;
  try {
    detection = await Promise.race([
      detectLoadBalancers(opts.kube, opts.systemNamespace),
      sleep(DETECT_TIMEOUT_MS).then(() => {
        throw new Error(`no answer in ${DETECT_TIMEOUT_MS / 1000} s`);
      }),
    ]);
  } catch (e) {
    detection = { metallb: null, ironlb: null, problems: [`cannot look at the cluster: ${e instanceof Error ? e.message : String(e)}`] };
  }
  return { detection, decision: decideMode(opts.setting, true, detection) };
}

const sameDecision = (a: ModeDecision, b: ModeDecision) =>
  a.mode === b.mode && a.runsController === b.runsController && a.systemNamespace === b.systemNamespace && !!a.error === !!b.error;

/** The first decision (awaited by start-up), then supervision until the signal aborts. */
export async function superviseMode(opts: ModeSupervisorOptions, signal: AbortSignal): Promise<{ state: () => ModeState; done: Promise<void> }> {
  let current = await look(opts);
  opts.logger.info({ op: 'mode', ...current.decision, detection: current.detection }, `cluster mode: ${current.decision.mode}`);
  if (current.decision.error) opts.logger.error({ op: 'mode', err: current.decision.error }, 'cluster mode contradiction');
  const controller = new AbortController();
  signal.addEventListener('abort', () => controller.abort(), { once: true });
  if (current.decision.runsController) {
    startController({ kube: opts.kube, systemNamespace: opts.systemNamespace, signal: controller.signal, logger: opts.logger });
  }
  const done = (async () => {
    while (await sleep(RECHECK_MS, signal)) {
      const next = await look(opts);
      if (sameDecision(current.decision, next.decision)) {
        current = next;
        continue;
      }
      // Never two controllers, not even until the restart.
      if (!next.decision.runsController) controller.abort();
      opts.logger.warn({ op: 'mode', before: current.decision, after: next.decision }, 'cluster mode changed: restarting');
      const before = current.decision;
      current = next;
      opts.onChange(before, next.decision);
      return;
    }
  })();
  return { state: () => current, done };
}

// The controller's verdict on the configuration, where `kubectl get configurationstates` shows
// it: ConfigurationState "controller" in the system namespace (MetalLB 0.15.3's kind: status
// result Valid/Invalid and errorSummary, plus a ConfigValid condition). Written only when the
// verdict changes. A cluster without the CRD (MetalLB's older CRDs) gets a log line, once.
import {
  createObject,
  describeError,
  getObject,
  isAlreadyExists,
  isNotFound,
  patchObject,
  RESOURCES,
  type KubeApi,
  type KubeObject,
  type Logger,
} from '../kube';

export const CONTROLLER_STATE_NAME = 'controller';

export interface ConfigVerdict {
  result: 'Valid' | 'Invalid';
  /** Empty when Valid. */
  errorSummary: string;
}

export interface ConfigStateWriter {
  /** Records the verdict (a no-op when it did not change); never throws. */
  report(verdict: ConfigVerdict): Promise<void>;
}

export function createConfigStateWriter(opts: { kube: KubeApi; namespace: string; logger: Logger; now?: () => Date }): ConfigStateWriter {
  const ref = { namespace: opts.namespace, name: CONTROLLER_STATE_NAME };
  const now = opts.now ?? (() => new Date());
  let written: string | undefined;
  let unsupported = false;

  const ensure = async (): Promise<boolean> => {
    if (await getObject(opts.kube, RESOURCES.configurationstates, ref)) return true;
    try {
      await createObject<KubeObject>(opts.kube, RESOURCES.configurationstates, {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'ConfigurationState',
        metadata: { ...ref, labels: { 'app.kubernetes.io/name': 'ironlb', 'app.kubernetes.io/component': 'controller' } },
        spec: { type: 'Controller' },
      });
      return true;
    } catch (e) {
      if (isAlreadyExists(e)) return true;
      if (!isNotFound(e)) throw e;
      unsupported = true;
      opts.logger.warn(
        { op: 'configState', err: describeError(e) },
        'no ConfigurationState CRD in this cluster (MetalLB CRDs older than 0.15.3): the verdict goes to Events and metrics only',
      );
      return false;
    }
  };

  return {
    async report(verdict) {
      const key = `${verdict.result}\n${verdict.errorSummary}`;
      if (unsupported || key === written) return;
      try {
        if (!(await ensure())) return;
        const valid = verdict.result === 'Valid';
        await patchObject(
          opts.kube,
          RESOURCES.configurationstates,
          ref,
          {
            status: {
              result: verdict.result,
              errorSummary: verdict.errorSummary,
              conditions: [
                {
                  type: 'ConfigValid',
                  status: valid ? 'True' : 'False',
                  reason: valid ? 'ConfigLoaded' : 'ConfigInvalid',
                  message: verdict.errorSummary,
                  lastTransitionTime: now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
                },
              ],
            },
          },
          { subresource: 'status' },
        );
        written = key;
      } catch (e) {
        opts.logger.warn({ op: 'configState', err: describeError(e) }, 'could not write ConfigurationState; retried on the next change');
      }
    },
  };
}

// The strictARP one-click fix: patch ipvs.strictARP to true in kube-system/kube-proxy
// (config.conf), exactly what the seed walkthrough does by hand with sed + kubectl apply.
import { checkStrictArp, fixStrictArp, KUBE_PROXY_KEY, type KubeConfigMap } from '../../../lib/views';
import { updateWithRetry } from '../../kube/objects';
import { RESOURCES } from '../../kube/resources';
import type { KubeObject } from '../../kube/types';
import type { StrictArpFix } from '../../../lib/contract/worker-ops';
import { OpError } from '../../http/op-error';
import type { Dashboard } from '../dashboard';
import { callCluster, notFound } from '../errors';

/** The ConfigMap as the audit log records it: what the fix can change, nothing that moves on every write. */
const recorded = (cm: KubeConfigMap | undefined) => cm && { metadata: { namespace: 'kube-system', name: 'kube-proxy' }, data: cm.data ?? {} };

export type { StrictArpFix };

/** `before` and `after` are there only when the ConfigMap changed (a no-op run is no write to audit). */
export async function fixKubeProxyStrictArp(dash: Dashboard): Promise<StrictArpFix> {
  await dash.ready();
  let failure: string | undefined;
  let before: KubeConfigMap | undefined;
  const outcome = await callCluster('ConfigMap kube-system/kube-proxy', () =>
    updateWithRetry<KubeObject>(dash.kube, RESOURCES.configmaps, { namespace: 'kube-system', name: 'kube-proxy' }, (current) => {
      const cm = current as unknown as KubeConfigMap;
      before = cm;
      const text = cm.data?.[KUBE_PROXY_KEY];
      if (text === undefined) {
        failure = `the kube-proxy ConfigMap has no ${KUBE_PROXY_KEY} key`;
        return undefined;
      }
      if (checkStrictArp(text).state === 'ok') return undefined;
      const fixed = fixStrictArp(text);
      if (!fixed.ok) {
        failure = fixed.error;
        return undefined;
      }
      return { ...current, data: { ...cm.data, [KUBE_PROXY_KEY]: fixed.value } } as KubeObject;
    }),
  );
  if (outcome.outcome === 'notFound') throw notFound('ConfigMap kube-system/kube-proxy');
  if (failure) throw new OpError(422, 'Invalid', failure);
  const after = outcome.object as unknown as KubeConfigMap;
  const state = checkStrictArp(after.data?.[KUBE_PROXY_KEY]).state;
  if (outcome.outcome !== 'updated') return { changed: false, state };
  return { changed: true, state, before: recorded(before), after: recorded(after) };
}

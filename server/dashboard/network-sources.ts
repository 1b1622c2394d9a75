// The cluster facts preflight needs beyond the dashboard's informers: kubeadm-config, the
// ServiceCIDR objects and the control-plane pods' command lines. Read with plain GET/LIST, never
// watched: they change rarely, and a cluster that does not serve them (404) or does not let us
// read them (403) must not keep the dashboard from syncing. What failed is said, not hidden.
import { describeError, getObject, listObjects, RESOURCES, statusCodeOf, type Kube, type KubeObject } from '../kube';
import { kubeadmClusterConfiguration, noExtraNetworkSources, type ExtraNetworkSources, type KubeConfigMap } from '../../lib/views';

type Pod = KubeObject & { spec?: { containers?: { command?: string[]; args?: string[] }[] } };
type ServiceCIDR = KubeObject & { spec?: { cidrs?: string[] } };

/** kubeadm, RKE2 and most distributions that run the control plane as static pods label them so. */
export const CONTROL_PLANE_SELECTOR = 'tier=control-plane';

/** undefined when the source is simply absent (404); throws with words otherwise. */
async function attempt<T>(what: string, problems: string[], read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    const code = statusCodeOf(e);
    if (code === 404) return undefined;
    problems.push(code === 403 ? `${what}: forbidden (grant the dashboard read access to see it)` : `${what}: ${describeError(e)}`);
    return undefined;
  }
}

export async function readNetworkSources(kube: Kube, signal?: AbortSignal): Promise<ExtraNetworkSources> {
  const out = noExtraNetworkSources();
  const [kubeadm, cidrs, pods] = await Promise.all([
    attempt('kube-system/kubeadm-config', out.problems, () =>
      getObject<KubeObject & KubeConfigMap>(kube, RESOURCES.configmaps, { namespace: 'kube-system', name: 'kubeadm-config' }, signal),
    ),
    attempt('ServiceCIDRs', out.problems, () => listObjects<ServiceCIDR>(kube, RESOURCES.servicecidrs, { signal })),
    attempt('control-plane pods in kube-system', out.problems, () =>
      listObjects<Pod>(kube, RESOURCES.pods, { namespace: 'kube-system', labelSelector: CONTROL_PLANE_SELECTOR, signal }),
    ),
  ]);
  out.kubeadmClusterConfiguration = kubeadmClusterConfiguration(kubeadm);
  out.serviceCIDRs = (cidrs?.items ?? []).map((c) => ({ name: c.metadata.name ?? '', cidrs: c.spec?.cidrs ?? [] }));
  out.controlPlanePods = (pods?.items ?? []).map((p) => ({
    name: p.metadata.name ?? '',
    args: (p.spec?.containers ?? []).flatMap((c) => [...(c.command ?? []), ...(c.args ?? [])]),
  }));
  return out;
}

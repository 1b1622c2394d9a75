// Looks at a cluster for the load balancers that may already run there: MetalLB (its controller
// Deployment or pods, or its speaker DaemonSet, in any namespace, under either label scheme its
// manifests and Helm chart use) and ironlb's own controller (its Deployment, or a live leader
// Lease for controllers run by hand). Scaled-away workloads do not count. The embedded cluster's
// mirrored pods (labelled as MetalLB's for kubectl users) are ironlb's, not MetalLB's.
import type { LoadBalancerDetection } from '../../lib/views/cluster-mode';
import { CONTROLLER_LEASE } from '../controller/controller';
import { describeError, isLeaseExpired, listObjects, RESOURCES, type Kube, type KubeObject, type LeaseObject, type ResourceRef } from '../kube';

const METALLB = (component: string) => [`app=metallb,component=${component}`, `app.kubernetes.io/name=metallb,app.kubernetes.io/component=${component}`];
const IRONLB_CONTROLLER = 'app.kubernetes.io/name=ironlb,app.kubernetes.io/component=controller';

type Workload = KubeObject & {
  spec?: { replicas?: number };
  status?: { desiredNumberScheduled?: number; phase?: string };
};

const isOurs = (o: KubeObject) =>
  o.metadata.labels?.['app.kubernetes.io/name'] === 'ironlb' || o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'ironlb-embedded';

/** Whether a workload runs anything: a Deployment with replicas, a DaemonSet scheduled somewhere, a live pod. */
function isRunning(kind: 'Deployment' | 'DaemonSet' | 'Pod', o: Workload): boolean {
  if (o.metadata.deletionTimestamp) return false;
  if (kind === 'Deployment') return (o.spec?.replicas ?? 1) > 0;
  if (kind === 'DaemonSet') return (o.status?.desiredNumberScheduled ?? 1) > 0;
  return o.status?.phase === 'Running' || o.status?.phase === 'Pending' || o.status?.phase === undefined;
}

export async function detectLoadBalancers(kube: Kube, systemNamespace: string, now = new Date()): Promise<LoadBalancerDetection> {
  const problems: string[] = [];
  const find = async (ref: ResourceRef, kind: 'Deployment' | 'DaemonSet' | 'Pod', selectors: string[], ours: boolean) => {
    for (const labelSelector of selectors) {
      try {
        const items = (await listObjects<Workload>(kube, ref, { labelSelector })).items;
        const hit = items.find((o) => isOurs(o) === ours && isRunning(kind, o));
        if (hit) return { namespace: hit.metadata.namespace ?? '', evidence: `${kind} ${hit.metadata.namespace}/${hit.metadata.name}` };
      } catch (e) {
        problems.push(`cannot list ${ref.plural} (${labelSelector}): ${describeError(e)}`);
      }
    }
    return null;
  };
  const metallb =
    (await find(RESOURCES.deployments, 'Deployment', METALLB('controller'), false)) ??
    (await find(RESOURCES.pods, 'Pod', METALLB('controller'), false)) ??
    (await find(RESOURCES.daemonsets, 'DaemonSet', METALLB('speaker'), false));
  const ironlb = (await find(RESOURCES.deployments, 'Deployment', [IRONLB_CONTROLLER], true)) ?? (await findLeader(kube, systemNamespace, now, problems));
  return { metallb, ironlb, problems };
}

/** An ironlb controller run outside a Deployment shows as a live holder of its leader Lease. */
async function findLeader(kube: Kube, namespace: string, now: Date, problems: string[]) {
  try {
    const leases = await listObjects<LeaseObject>(kube, RESOURCES.leases, { namespace, fieldSelector: `metadata.name=${CONTROLLER_LEASE}` });
    const lease = leases.items[0];
    if (!lease || isLeaseExpired(lease, now)) return null;
    return { namespace, evidence: `Lease ${namespace}/${CONTROLLER_LEASE} held by ${lease.spec?.holderIdentity ?? '?'}` };
  } catch (e) {
    problems.push(`cannot read Lease ${namespace}/${CONTROLLER_LEASE}: ${describeError(e)}`);
    return null;
  }
}

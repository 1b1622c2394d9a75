// MetalLB's speakers hold no ironlb Lease: in MetalLB mode a speaker pod that is Ready on a node
// is that node's membership (MetalLB elects among the nodes whose speaker runs). Each ready
// speaker pod becomes a stand-in Lease the rest of the dashboard already reads: held by its
// node, renewed when it became Ready, good for as long as it stays Ready. Pure.
import type { KubeLease } from '../shapes/kube';
import { LEASE_NODE_LABEL, SPEAKER_LEASE_PREFIX } from './node-view';
import { LEASE_DURATION_ANNOTATION } from '../reconcile/lease-duration';

export interface KubePodLite {
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type?: string; status?: string; lastTransitionTime?: string }[] };
}

/** A stand-in lease never runs out on its own (about 30,000 years): the pod's readiness decides. */
const FOREVER_MS = 1e15;
const EPOCH = '1970-01-01T00:00:00Z';

export function isMetalLBSpeakerPod(pod: KubePodLite): boolean {
  const l = pod.metadata.labels ?? {};
  if (l['app.kubernetes.io/managed-by'] === 'ironlb-embedded' || l['app.kubernetes.io/name'] === 'ironlb') return false;
  return (l.app === 'metallb' && l.component === 'speaker') || (l['app.kubernetes.io/name'] === 'metallb' && l['app.kubernetes.io/component'] === 'speaker');
}

/** The stand-in Lease of a Ready speaker pod; undefined while it is not Ready (speaker down). */
export function speakerPodAsLease(pod: KubePodLite): KubeLease | undefined {
  const node = pod.spec?.nodeName;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (!node || !isMetalLBSpeakerPod(pod) || pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running' || ready?.status !== 'True') return undefined;
  return {
    metadata: {
      name: `${SPEAKER_LEASE_PREFIX}${node}`,
      namespace: pod.metadata.namespace,
      labels: { [LEASE_NODE_LABEL]: node },
      annotations: { [LEASE_DURATION_ANNOTATION]: String(FOREVER_MS) },
    },
    spec: { holderIdentity: node, renewTime: ready.lastTransitionTime ?? EPOCH },
  };
}

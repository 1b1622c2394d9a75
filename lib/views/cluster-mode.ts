// Which mode the dashboard runs in, from the setting and what runs in the cluster. The one rule
// behind it: a dashboard never becomes a second load-balancer controller. It runs one only when
// told to (standalone) and no other controller is there; next to MetalLB it writes no Service
// status at all. Pure; server/worker/detect-load-balancers.ts gathers the detection.

export type ModeSetting = 'auto' | 'embedded' | 'cluster' | 'metallb' | 'standalone';
export type ClusterMode = 'embedded' | 'cluster' | 'metallb' | 'standalone';

/** What a look at the cluster found. */
export interface LoadBalancerDetection {
  /** MetalLB's controller (Deployment or pods) or speaker DaemonSet, with where it was seen. */
  metallb: { namespace: string; evidence: string } | null;
  /** ironlb's controller: its Deployment, or a live leader Lease. */
  ironlb: { namespace: string; evidence: string } | null;
  /** What could not be checked (an RBAC denial, an error), in words. */
  problems: string[];
}

export interface ModeDecision {
  mode: ClusterMode;
  /** This dashboard runs the controller itself (standalone only). */
  runsController: boolean;
  /** A contradiction the user must resolve; the dashboard runs no controller meanwhile. */
  error?: string;
  /** Something the user should know (no controller at all). */
  warning?: string;
  /** MetalLB's namespace in metallb mode (its pools and speakers live there). */
  systemNamespace?: string;
}

export const MODE_LABELS: Record<ClusterMode, string> = {
  embedded: 'Embedded cluster',
  cluster: 'ironlb on Kubernetes',
  metallb: 'MetalLB (read from its objects)',
  standalone: 'Kubernetes, controller in this dashboard',
};

const NO_CONTROLLER =
  'No load-balancer controller runs in this cluster: LoadBalancer Services stay pending. Install ironlb with `kubectl apply -k deploy/`, or start the dashboard with IRONLB_MODE=standalone to run the controller in it.';

function both(d: LoadBalancerDetection): string {
  return `MetalLB (${d.metallb?.evidence}) and ironlb's controller (${d.ironlb?.evidence}) both run: two controllers hand out IPs and overwrite each other's Service status. Scale one of them to zero.`;
}

function decideAuto(d: LoadBalancerDetection): ModeDecision {
  if (d.metallb && d.ironlb) return { mode: 'cluster', runsController: false, error: both(d) };
  if (d.metallb) return { mode: 'metallb', runsController: false, systemNamespace: d.metallb.namespace };
  if (d.ironlb) return { mode: 'cluster', runsController: false };
  return { mode: 'cluster', runsController: false, warning: NO_CONTROLLER };
}

function decideForced(setting: 'cluster' | 'metallb' | 'standalone', d: LoadBalancerDetection): ModeDecision {
  const forced = `IRONLB_MODE=${setting}`;
  if (setting === 'metallb') {
    if (!d.metallb)
      return {
        mode: 'metallb',
        runsController: false,
        error: `${forced}, but no MetalLB was found: no Deployment, pods or DaemonSet labelled app=metallb (or app.kubernetes.io/name=metallb) in any namespace${d.problems.length ? ` (${d.problems.join('; ')})` : ''}.`,
      };
    if (d.ironlb) return { mode: 'metallb', runsController: false, error: both(d), systemNamespace: d.metallb.namespace };
    return { mode: 'metallb', runsController: false, systemNamespace: d.metallb.namespace };
  }
  if (d.metallb) {
    return {
      mode: setting,
      runsController: false,
      error: `${forced}, but MetalLB runs in this cluster (${d.metallb.evidence}): an ironlb controller would fight it for every Service. Use IRONLB_MODE=metallb (or auto) to manage MetalLB, or remove MetalLB first.`,
    };
  }
  if (setting === 'standalone') return { mode: 'standalone', runsController: true };
  return d.ironlb ? { mode: 'cluster', runsController: false } : { mode: 'cluster', runsController: false, warning: NO_CONTROLLER };
}

/** The mode for a setting, given whether a cluster is configured and what runs in it. */
export function decideMode(setting: ModeSetting, hasClusterConfig: boolean, detection: LoadBalancerDetection | null): ModeDecision {
  if (setting === 'embedded' || (setting === 'auto' && !hasClusterConfig)) return { mode: 'embedded', runsController: true };
  if (!detection) return { mode: setting === 'auto' ? 'cluster' : setting, runsController: false };
  return setting === 'auto' ? decideAuto(detection) : decideForced(setting, detection);
}

// Which cluster this dashboard manages, in which mode and why, and how to point it at a real one.
import type { Metadata } from 'next';
import { Card, KeyValues, PageHeader } from '@/components/ui/layout';
import { requirePagePrincipal } from '@/server/auth/page';
import { getWorkerHost } from '@/server/host/worker-host';
import { MODE_LABELS, type ClusterMode } from '@/lib/views/cluster-mode';
import type { ClusterInfo } from '@/lib/contract/worker-ops';

export const metadata: Metadata = { title: 'Cluster · ironlb' };

/** What the page shows: the worker's ClusterInfo, or only the failure when it cannot answer. */
type Info = Omit<Partial<ClusterInfo>, 'state'> & { state: string };

const MODE_TEXT: Record<ClusterMode, string> = {
  embedded: 'ironlb runs its own API server, controller and simulated speakers.',
  cluster: "ironlb's controller and speakers run in the cluster; this dashboard shows and edits their objects and runs no controller.",
  metallb: "MetalLB runs in the cluster: this dashboard shows MetalLB's allocations, ServiceL2Statuses and speaker pods, edits its pools and advertisements, and never writes a Service status.",
  standalone: 'This dashboard runs the controller itself (IRONLB_MODE=standalone); the speakers run on the nodes.',
};

export default async function ClusterPage() {
  await requirePagePrincipal();
  const info = await getWorkerHost()
    .request('cluster.info', {}, 3_000)
    .catch((e: unknown): Info => ({ state: 'unavailable', error: e instanceof Error ? e.message : String(e) }));
  const mode = info.mode ?? 'cluster';
  const embedded = mode === 'embedded';
  const d = info.detection;
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title={embedded ? 'Embedded cluster' : 'Cluster'} />
      {info.error && (
        <p role="alert" data-testid="cluster-error" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          ✖ {info.error}
        </p>
      )}
      {info.warning && (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">▲ {info.warning}</p>
      )}
      <Card title="Connection">
        <KeyValues
          items={[
            ['Mode', `${MODE_LABELS[mode]}: ${MODE_TEXT[mode]}`],
            ['Controller in this dashboard', info.runsController ? 'yes' : 'no'],
            ['Writes', info.readOnly ? 'refused (IRONLB_READ_ONLY=true)' : 'allowed for admins'],
            ['API server', info.server ?? '—'],
            ['System namespace', info.systemNamespace ?? 'metallb-system'],
            ['State', info.state ?? '—'],
            ...(embedded && info.kubeconfigPath ? ([['kubeconfig', <code key="k">{info.kubeconfigPath}</code>]] as [string, React.ReactNode][]) : []),
          ]}
        />
      </Card>
      {d && (
        <Card title="What runs in the cluster">
          <KeyValues
            items={[
              ['MetalLB', d.metallb ? d.metallb.evidence : 'not found'],
              ["ironlb's controller", d.ironlb ? d.ironlb.evidence : 'not found'],
              ...(d.problems.length ? ([['Could not check', d.problems.join('; ')]] as [string, string][]) : []),
            ]}
          />
          <p className="mt-2 text-xs text-zinc-500">Checked at start and every 30 seconds; set IRONLB_MODE to force a mode.</p>
        </Card>
      )}
      {embedded && (
        <Card title="Use kubectl against the embedded cluster">
          <p className="text-sm">The embedded API server writes a kubeconfig into the data directory, so a MetalLB tutorial works command for command:</p>
          <pre className="mt-2 overflow-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-950">{`export KUBECONFIG=${info.kubeconfigPath ?? '.ironlb/kubeconfig'}\nkubectl get svc -A\nkubectl get ipaddresspools -n metallb-system`}</pre>
        </Card>
      )}
      <Card title="Install on a real cluster">
        <ol className="list-inside list-decimal space-y-1 text-sm">
          <li>
            <code>kubectl apply -k deploy/</code> installs the CRDs, the controller, a speaker on every node and this dashboard (or{' '}
            <code>deploy/overlays/metallb-crds-present</code> where MetalLB&apos;s CRDs are already installed).
          </li>
          <li>
            <code>kubectl -n metallb-system port-forward svc/ironlb-dashboard 3000</code>, then sign in as admin with the password in Secret{' '}
            <code>metallb-system/ironlb-dashboard-admin</code>.
          </li>
          <li>
            Or run this dashboard anywhere with a kubeconfig: <code>KUBECONFIG=/path/to/kubeconfig npm start</code>. Next to MetalLB it becomes a dashboard for
            MetalLB.
          </li>
        </ol>
      </Card>
    </div>
  );
}

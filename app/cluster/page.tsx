// Which cluster this dashboard manages, and how to point it at a real one.
import type { Metadata } from 'next';
import { Card, KeyValues, PageHeader } from '@/components/ui/layout';
import { requirePagePrincipal } from '@/server/auth/page';
import { getWorkerHost } from '@/server/worker/host';

export const metadata: Metadata = { title: 'Cluster · ironlb' };

type Info = { mode?: string; kubeconfigPath?: string; server?: string; systemNamespace?: string; state?: string; error?: string };

export default async function ClusterPage() {
  await requirePagePrincipal();
  const info = await getWorkerHost()
    .request<Info>('cluster.info', {}, 3_000)
    .catch((e: unknown): Info => ({ state: 'unavailable', error: e instanceof Error ? e.message : String(e) }));
  const embedded = info.mode !== 'kube';
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title={embedded ? 'Embedded cluster' : 'Cluster'} />
      <Card title="Connection">
        <KeyValues
          items={[
            ['Mode', embedded ? 'embedded (ironlb runs its own API server, controller and simulated speakers)' : 'a real Kubernetes cluster'],
            ['API server', info.server ?? '—'],
            ['System namespace', info.systemNamespace ?? 'metallb-system'],
            ['State', info.error ? `${info.state}: ${info.error}` : (info.state ?? '—')],
            ...(embedded && info.kubeconfigPath ? ([['kubeconfig', <code key="k">{info.kubeconfigPath}</code>]] as [string, React.ReactNode][]) : []),
          ]}
        />
      </Card>
      {embedded && (
        <Card title="Use kubectl against the embedded cluster">
          <p className="text-sm">The embedded API server writes a kubeconfig into the data directory, so a MetalLB tutorial works command for command:</p>
          <pre className="mt-2 overflow-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-950">{`export KUBECONFIG=${info.kubeconfigPath ?? '.ironlb/kubeconfig'}\nkubectl get svc -A\nkubectl get ipaddresspools -n metallb-system`}</pre>
        </Card>
      )}
      <Card title="Connect a real cluster">
        <ol className="list-inside list-decimal space-y-1 text-sm">
          <li>
            Start ironlb with a kubeconfig: <code>KUBECONFIG=/path/to/kubeconfig npm start</code>, or run it inside the cluster (it then uses its service account).
          </li>
          <li>Install the metallb.io CRDs (MetalLB&apos;s manifests) so IPAddressPools and L2Advertisements can be stored.</li>
          <li>
            Run the speaker on every node: <code>npx ironlb speaker --node $NODE_NAME</code> (a DaemonSet with CAP_NET_RAW).
          </li>
        </ol>
      </Card>
    </div>
  );
}

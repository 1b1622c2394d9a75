// Nodes: every announcer's health.
import type { Metadata } from 'next';
import { NodesList } from '@/components/nodes/nodes-list';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';
import { canPrincipal, requirePagePrincipal } from '@/server/auth/page';

export const metadata: Metadata = { title: 'Nodes · ironlb' };

export default async function NodesPage() {
  const canWrite = canPrincipal(await requirePagePrincipal(), 'write');
  return (
    <Prefetched queries={[prefetch('nodes.list')]}>
      <PageHeader title="Nodes" description="One speaker per node: is it live, what does it announce, what has it answered." />
      <NodesList canWrite={canWrite} />
    </Prefetched>
  );
}

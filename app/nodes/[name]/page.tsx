// One node's failover history: the IPs its speaker took over and lost, with their causes.
import type { Metadata } from 'next';
import { HISTORY_PAGE } from '@/components/data/queries';
import { NodeHistoryView } from '@/components/history/node-history';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Node ${(await params).name} · ironlb` };
}

export default async function NodePage({ params }: Props) {
  const { name } = await params;
  return (
    <Prefetched queries={[prefetch('history.node', { name, limit: HISTORY_PAGE })]}>
      <NodeHistoryView node={name} />
    </Prefetched>
  );
}

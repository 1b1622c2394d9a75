// Leader map: the VIPs each node announces, side by side.
import type { Metadata } from 'next';
import { LeaderMap } from '@/components/leader-map/leader-map';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';

export const metadata: Metadata = { title: 'Leader map · ironlb' };

export default function LeaderMapPage() {
  return (
    <Prefetched queries={[prefetch('nodes.list')]}>
      <PageHeader title="Leader map" description="Which node answers for which IP. Click a node to see what would move if it went away." />
      <LeaderMap />
    </Prefetched>
  );
}

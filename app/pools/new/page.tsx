// Create a pool.
import type { Metadata } from 'next';
import { PoolFormView } from '@/components/pools/pool-form';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';

export const metadata: Metadata = { title: 'New pool · ironlb' };

export default function NewPoolPage() {
  return (
    <Prefetched queries={[prefetch('pools.list')]}>
      <PageHeader title="New IP address pool" description="Checked while you type: address syntax, families, and overlaps with the other pools." />
      <PoolFormView />
    </Prefetched>
  );
}

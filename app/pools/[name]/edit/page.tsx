// Edit a pool (the name is fixed; rename = create a new pool).
import type { Metadata } from 'next';
import { PoolEditView } from '@/components/pools/pool-edit';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';

type Props = { params: Promise<{ name: string }> };

export const metadata: Metadata = { title: 'Edit pool · ironlb' };

export default async function EditPoolPage({ params }: Props) {
  const { name } = await params;
  return (
    <Prefetched
      queries={[
        prefetch('pools.get', { name }),
        prefetch('pools.list'),
      ]}
    >
      <PageHeader title={`Edit pool ${name}`} description="Shrinking a pool frees IPs outside it; their services get new ones." />
      <PoolEditView name={name} />
    </Prefetched>
  );
}

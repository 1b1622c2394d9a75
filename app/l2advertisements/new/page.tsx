// Create an L2Advertisement.
import type { Metadata } from 'next';
import { queryKeys } from '@/lib/views';
import { AdvertisementFormView } from '@/components/advertisements/advertisement-form';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';

export const metadata: Metadata = { title: 'New L2Advertisement · ironlb' };

export default function NewAdvertisementPage() {
  return (
    <Prefetched queries={[{ key: queryKeys.pools, op: 'pools.list' }]}>
      <PageHeader title="New L2Advertisement" />
      <AdvertisementFormView />
    </Prefetched>
  );
}

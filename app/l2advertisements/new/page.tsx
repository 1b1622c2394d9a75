// Create an L2Advertisement.
import type { Metadata } from 'next';
import { AdvertisementFormView } from '@/components/advertisements/advertisement-form';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';

export const metadata: Metadata = { title: 'New L2Advertisement · ironlb' };

export default function NewAdvertisementPage() {
  return (
    <Prefetched queries={[prefetch('pools.list')]}>
      <PageHeader title="New L2Advertisement" />
      <AdvertisementFormView />
    </Prefetched>
  );
}

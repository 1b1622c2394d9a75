// Edit an L2Advertisement.
import type { Metadata } from 'next';
import { AdvertisementEditView } from '@/components/advertisements/advertisement-edit';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';

type Props = { params: Promise<{ name: string }> };

export const metadata: Metadata = { title: 'Edit L2Advertisement · ironlb' };

export default async function EditAdvertisementPage({ params }: Props) {
  const { name } = await params;
  return (
    <Prefetched
      queries={[
        prefetch('l2advertisements.get', { name }),
        prefetch('pools.list'),
      ]}
    >
      <PageHeader title={`Edit L2Advertisement ${name}`} />
      <AdvertisementEditView name={name} />
    </Prefetched>
  );
}

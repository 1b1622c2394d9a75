// L2Advertisements: which pools are announced, from which nodes and interfaces.
import type { Metadata } from 'next';
import { AdvertisementsList } from '@/components/advertisements/advertisements-list';
import { LinkButton } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';
import { canPrincipal, requirePagePrincipal } from '@/server/auth/page';

export const metadata: Metadata = { title: 'L2Advertisements · ironlb' };

export default async function AdvertisementsPage() {
  const canWrite = canPrincipal(await requirePagePrincipal(), 'write');
  return (
    <Prefetched queries={[prefetch('l2advertisements.list')]}>
      <PageHeader
        title="L2Advertisements"
        description="An IP is answered for (ARP/NDP) only when an advertisement covers its pool."
        actions={canWrite && <LinkButton href="/l2advertisements/new" tone="primary">New L2Advertisement</LinkButton>}
      />
      <AdvertisementsList canWrite={canWrite} />
    </Prefetched>
  );
}

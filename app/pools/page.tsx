// Pools: utilisation bars, coverage warnings, create / edit / delete.
import type { Metadata } from 'next';
import { PoolsList } from '@/components/pools/pools-list';
import { LinkButton } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';
import { canPrincipal, requirePagePrincipal } from '@/server/auth/page';

export const metadata: Metadata = { title: 'Pools · ironlb' };

export default async function PoolsPage() {
  const canWrite = canPrincipal(await requirePagePrincipal(), 'write');
  return (
    <Prefetched queries={[prefetch('pools.list')]}>
      <PageHeader
        title="IP address pools"
        description="Where LoadBalancer IPs come from. A pool no L2Advertisement covers hands out IPs that nobody announces."
        actions={canWrite && <LinkButton href="/pools/new" tone="primary">New pool</LinkButton>}
      />
      <PoolsList canWrite={canWrite} />
    </Prefetched>
  );
}

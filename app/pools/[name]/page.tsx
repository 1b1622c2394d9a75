// One pool: settings, the per-IP grid, its services.
import type { Metadata } from 'next';
import { PoolDetailView } from '@/components/pools/pool-detail';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';
import { canPrincipal, requirePagePrincipal } from '@/server/auth/page';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Pool ${(await params).name} · ironlb` };
}

export default async function PoolPage({ params }: Props) {
  const { name } = await params;
  const canWrite = canPrincipal(await requirePagePrincipal(), 'write');
  return (
    <Prefetched queries={[prefetch('pools.get', { name })]}>
      <PoolDetailView name={name} canWrite={canWrite} />
    </Prefetched>
  );
}

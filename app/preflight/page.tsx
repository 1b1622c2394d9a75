// Preflight checks.
import type { Metadata } from 'next';
import { PreflightView } from '@/components/preflight/preflight-view';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';
import { canPrincipal, requirePagePrincipal } from '@/server/auth/page';

export const metadata: Metadata = { title: 'Preflight · ironlb' };

export default async function PreflightPage() {
  const canWrite = canPrincipal(await requirePagePrincipal(), 'write');
  return (
    <Prefetched queries={[prefetch('preflight.get')]}>
      <PageHeader title="Preflight" description="What commonly breaks Layer2 load balancing, checked against this cluster." />
      <PreflightView canWrite={canWrite} />
    </Prefetched>
  );
}

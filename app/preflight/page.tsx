// Preflight checks.
import type { Metadata } from 'next';
import { queryKeys } from '@/lib/views';
import { PreflightView } from '@/components/preflight/preflight-view';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { canPrincipal, requirePagePrincipal } from '@/server/auth/page';

export const metadata: Metadata = { title: 'Preflight · ironlb' };

export default async function PreflightPage() {
  const canWrite = canPrincipal(await requirePagePrincipal(), 'write');
  return (
    <Prefetched queries={[{ key: queryKeys.preflight, op: 'preflight.get' }]}>
      <PageHeader title="Preflight" description="What commonly breaks Layer2 load balancing, checked against this cluster." />
      <PreflightView canWrite={canWrite} />
    </Prefetched>
  );
}

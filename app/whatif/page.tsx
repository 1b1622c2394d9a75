// What-if: moves and load before/after for a set of nodes going away.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { WhatIfView } from '@/components/whatif/whatif-view';
import { TableSkeleton } from '@/components/ui/feedback';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';
import { canPrincipal, requirePagePrincipal } from '@/server/auth/page';

export const metadata: Metadata = { title: 'What-if · ironlb' };

export default async function WhatIfPage() {
  const canWrite = canPrincipal(await requirePagePrincipal(), 'write');
  return (
    <Prefetched queries={[prefetch('nodes.list')]}>
      <PageHeader title="What-if" description="Computed with the same election code as the speakers, so the moves shown are exactly what would happen." />
      <Suspense fallback={<TableSkeleton />}>
        <WhatIfView canWrite={canWrite} />
      </Suspense>
    </Prefetched>
  );
}

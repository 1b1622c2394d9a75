// Services: every LoadBalancer Service with IP, pool, announcing node and state. The list is
// fetched by the browser (10,000 rows do not belong in the HTML) and kept live by the stream.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ServicesTable } from '@/components/services/services-table';
import { TableSkeleton } from '@/components/ui/feedback';
import { PageHeader } from '@/components/ui/layout';
import { requirePagePrincipal } from '@/server/auth/page';

export const metadata: Metadata = { title: 'Services · ironlb' };

export default async function ServicesPage() {
  await requirePagePrincipal();
  return (
    <div className="flex h-full flex-col">
      <PageHeader title="Services" description="Every LoadBalancer Service: its external IP, the node announcing it, and why not when it is not." />
      <div className="min-h-0 flex-1">
        <Suspense fallback={<TableSkeleton label="Loading services" />}>
          <ServicesTable />
        </Suspense>
      </div>
    </div>
  );
}

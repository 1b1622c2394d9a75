// Overview: counts by state, preflight, pools, announcers, latest events.
import type { Metadata } from 'next';
import { queryKeys } from '@/lib/views';
import { OverviewView } from '@/components/overview/overview-view';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';

export const metadata: Metadata = { title: 'Overview · ironlb' };

export default function OverviewPage() {
  return (
    <Prefetched queries={[{ key: queryKeys.overview, op: 'overview.get' }]}>
      <PageHeader title="Overview" description="Which services have IPs, which node answers for them, and whether the announcers are healthy." />
      <OverviewView />
    </Prefetched>
  );
}

// Overview: counts by state, preflight, pools, announcers, latest events.
import type { Metadata } from 'next';
import { OverviewView } from '@/components/overview/overview-view';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';

export const metadata: Metadata = { title: 'Overview · ironlb' };

export default function OverviewPage() {
  return (
    <Prefetched queries={[prefetch('overview.get')]}>
      <PageHeader title="Overview" description="Which services have IPs, which node answers for them, and whether the announcers are healthy." />
      <OverviewView />
    </Prefetched>
  );
}

// Events: the cluster's latest Events, live.
import type { Metadata } from 'next';
import { EventsView } from '@/components/events/events-view';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';
import { prefetch } from '@/lib/contract/worker-ops';

export const metadata: Metadata = { title: 'Events · ironlb' };

export default function EventsPage() {
  return (
    <Prefetched queries={[prefetch('events.list')]}>
      <PageHeader title="Events" description="IP allocations, announcer changes and failures, newest first." />
      <EventsView />
    </Prefetched>
  );
}

// Events: the cluster's latest Events, live.
import type { Metadata } from 'next';
import { queryKeys } from '@/lib/views';
import { EventsView } from '@/components/events/events-view';
import { PageHeader } from '@/components/ui/layout';
import { Prefetched } from '@/app/_lib/prefetch';

export const metadata: Metadata = { title: 'Events · ironlb' };

export default function EventsPage() {
  return (
    <Prefetched queries={[{ key: queryKeys.events, op: 'events.list' }]}>
      <PageHeader title="Events" description="IP allocations, announcer changes and failures, newest first." />
      <EventsView />
    </Prefetched>
  );
}

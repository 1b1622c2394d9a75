'use client';
// Events: the latest Kubernetes Events (allocation, announcement, failures), newest first,
// live; filter by type and by text.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { eventsQuery } from '@/components/data/queries';
import { EmptyState, ErrorBox, TableSkeleton } from '@/components/ui/feedback';
import { Select, TextInput } from '@/components/ui/field';
import { EventList } from './event-list';

export function EventsView() {
  const { data, error, isPending, refetch } = useQuery(eventsQuery());
  const [type, setType] = useState('');
  const [text, setText] = useState('');
  const items = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (data?.items ?? []).filter(
      (e) => (!type || e.type === type) && (!needle || `${e.reason} ${e.message} ${e.object.namespace}/${e.object.name}`.toLowerCase().includes(needle)),
    );
  }, [data, type, text]);
  if (isPending) return <TableSkeleton label="Loading events" />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  return (
    <div className="space-y-3">
      <div role="search" className="flex flex-wrap gap-3">
        <TextInput type="search" aria-label="Filter events" placeholder="reason, message, object…" value={text} onChange={(e) => setText(e.target.value)} className="w-72" />
        <Select aria-label="Event type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">all types</option>
          <option value="Normal">Normal</option>
          <option value="Warning">Warning</option>
        </Select>
      </div>
      {items.length === 0 ? (
        <EmptyState title={data.items.length ? 'No event matches' : 'No events yet'}>Events appear when the controller allocates IPs and speakers take over announcements.</EmptyState>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white px-4 py-2 dark:border-zinc-800 dark:bg-zinc-900">
          <EventList events={items} showObject />
        </div>
      )}
    </div>
  );
}

'use client';
// A compact list of Kubernetes Events: time, type, reason, object, message (as text, never HTML).
import Link from 'next/link';
import { pagePaths, type EventView } from '@/lib/views';
import { cx } from '@/components/ui/cx';
import { Clock } from '@/components/ui/time';

export function objectHref(o: EventView['object']): string | null {
  if (o.kind === 'Service') return pagePaths.service(o.namespace, o.name);
  if (o.kind === 'IPAddressPool') return pagePaths.pool(o.name);
  return null;
}

export function EventList({ events, showObject = false }: { events: EventView[]; showObject?: boolean }) {
  return (
    <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="event-list">
      {events.map((e) => {
        const href = objectHref(e.object);
        return (
          <li key={e.uid} className="flex gap-3 py-1.5">
            <span className="w-16 shrink-0 tabular-nums text-xs text-zinc-500">
              <Clock iso={e.time} />
            </span>
            <span className="min-w-0">
              <span className={cx('font-medium', e.type === 'Warning' ? 'text-amber-700 dark:text-amber-400' : '')}>
                {e.type === 'Warning' && <span aria-hidden>▲ </span>}
                {e.reason}
              </span>
              {showObject && (
                <span className="ml-2 text-xs text-zinc-500">
                  {href ? <Link href={href} className="hover:underline">{e.object.kind} {e.object.namespace}/{e.object.name}</Link> : `${e.object.kind} ${e.object.name}`}
                </span>
              )}
              {e.count > 1 && <span className="ml-1 text-xs text-zinc-500">×{e.count}</span>}
              <span className="block break-words text-zinc-600 dark:text-zinc-400">{e.message}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

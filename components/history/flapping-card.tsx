'use client';
// Flapping services on the Overview: whose announcer or IP changed more than N times in the last
// hour, the most changes first.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { pagePaths, plural } from '@/lib/views';
import { flappingQuery } from '@/components/data/queries';
import { ErrorBox, Skeleton } from '@/components/ui/feedback';
import { Card } from '@/components/ui/layout';
import { Clock } from '@/components/ui/time';

export function FlappingCard() {
  const { data, error, isPending, refetch } = useQuery(flappingQuery());
  const title = data ? `Flapping: more than ${plural(data.threshold, 'change')} in the last ${Math.round(data.windowMs / 60_000)} min` : 'Flapping';
  return (
    <Card title={title}>
      {isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : error ? (
        <ErrorBox message={error.message} onRetry={() => void refetch()} />
      ) : data.services.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="flapping-none">
          <span aria-hidden className="text-emerald-700 dark:text-emerald-400">● </span>No service is flapping.
        </p>
      ) : (
        <ol className="space-y-1 text-sm" data-testid="flapping">
          {data.services.map((s) => {
            const [namespace, name] = s.service.split('/');
            return (
              <li key={s.service} className="grid grid-cols-[1fr_auto] gap-2" data-testid="flapping-row" data-service={s.service}>
                <Link href={pagePaths.service(namespace, name)} className="truncate font-medium hover:underline">
                  <span aria-hidden className="text-amber-700 dark:text-amber-400">▲ </span>
                  {s.service}
                </Link>
                <span className="text-xs tabular-nums text-zinc-500">
                  {plural(s.announcerChanges, 'move')}, {plural(s.ipChanges, 'IP change')}; last <Clock iso={s.lastAt} />
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}

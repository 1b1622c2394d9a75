'use client';
// Overview (docs/ui.md): the counts by state and preflight on top; pools with utilisation bars,
// announcer health and the latest events below, then the services that flap. Each block links to
// where to act.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { overviewQuery } from '@/components/data/queries';
import { plural } from '@/lib/views';
import { EventList } from '@/components/events/event-list';
import { CoverageChip } from '@/components/pools/pools-list';
import { CardsSkeleton, EmptyState, ErrorBox } from '@/components/ui/feedback';
import { Card, UtilisationBar } from '@/components/ui/layout';
import { SERVICE_LOOK, SpeakerBadge } from '@/components/ui/state-badge';
import { formatAge } from '@/components/ui/time';
import { cx } from '@/components/ui/cx';
import { FlappingCard } from '@/components/history/flapping-card';

function Count({ label, value, href, cls }: { label: string; value: number; href: string; cls?: string }) {
  return (
    <Link href={href} className="rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
      <span className="block text-xs text-zinc-500">{label}</span>
      <span className={cx('text-2xl font-semibold tabular-nums', cls)} data-testid={`count-${label.replace(/\s/g, '-')}`}>{value}</span>
    </Link>
  );
}

export function OverviewView() {
  const { data, error, isPending, refetch } = useQuery(overviewQuery());
  if (isPending) return <CardsSkeleton />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  const c = data.counts;
  const pf = data.preflight.warnings + data.preflight.errors;
  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-center gap-2">
          <Count label="Services" value={c.total} href="/services" />
          <Count label="announced" value={c.announced} href="/services?state=announced" cls={SERVICE_LOOK.announced.cls} />
          <Count label="pending" value={c.pending} href="/services?state=pending" cls={SERVICE_LOOK.pending.cls} />
          <Count label="not announced" value={c.notAnnounced} href="/services?state=notAnnounced" cls={SERVICE_LOOK.notAnnounced.cls} />
          <Count label="conflict" value={c.conflict} href="/services?state=conflict" cls={SERVICE_LOOK.conflict.cls} />
          <Link href="/preflight" className={cx('ml-auto rounded-md px-3 py-2 text-sm font-medium', pf ? 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300' : 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300')}>
            {pf ? `▲ Preflight: ${pf} warning${pf > 1 ? 's' : ''}` : '● Preflight: all clear'}
          </Link>
        </div>
      </Card>
      <div className="grid items-start gap-4 lg:grid-cols-3">
        <Card title="Pools" actions={<Link href="/pools" className="text-xs text-sky-700 hover:underline dark:text-sky-400">All pools</Link>}>
          {data.pools.length === 0 ? (
            <EmptyState title="No pools yet">
              <Link href="/pools/new" className="text-sky-700 underline">Create one</Link> or <Link href="/import" className="text-sky-700 underline">import a MetalLB ConfigMap</Link>.
            </EmptyState>
          ) : (
            <ul className="space-y-2">
              {data.pools.map((p) => (
                <li key={p.uid} className="space-y-0.5">
                  <div className="flex items-center justify-between gap-2">
                    <Link href={`/pools/${encodeURIComponent(p.name)}`} className="text-sm font-medium hover:underline">{p.name}</Link>
                    {p.advertisements.length === 0 && <CoverageChip advertisements={[]} />}
                  </div>
                  <UtilisationBar used={p.used} total={p.total} label={`${p.name} utilisation`} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Announcers" actions={<Link href="/nodes" className="text-xs text-sky-700 hover:underline dark:text-sky-400">All nodes</Link>}>
          <ul className="space-y-1 text-sm">
            {data.nodes.slice(0, 12).map((n) => (
              <li key={n.uid} className="grid grid-cols-[1fr_auto_auto] items-center gap-3">
                <span className="truncate font-medium">{n.name}</span>
                <SpeakerBadge state={n.speaker} detail={n.speaker === 'live' ? undefined : formatAge(n.leaseAgeMs)} />
                <span className="tabular-nums text-xs text-zinc-500">{plural(n.announcedIPs.length, 'IP')}</span>
              </li>
            ))}
            {data.nodes.length > 12 && <li className="text-xs text-zinc-500">and {data.nodes.length - 12} more</li>}
            {data.nodes.length === 0 && <li className="text-zinc-500">No nodes.</li>}
          </ul>
        </Card>
        <Card title="Latest events" actions={<Link href="/events" className="text-xs text-sky-700 hover:underline dark:text-sky-400">All events</Link>}>
          {data.events.length ? <EventList events={data.events} /> : <p className="text-sm text-zinc-500">No events yet.</p>}
        </Card>
      </div>
      <FlappingCard />
    </div>
  );
}

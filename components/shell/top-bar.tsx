'use client';
// The top bar: which cluster (with the "Embedded cluster" badge and how to connect a real one),
// the live-stream dot, the theme toggle, the signed-in user and sign-out.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { clusterQuery } from '@/components/data/queries';
import { MODE_LABELS } from '@/lib/views/cluster-mode';
import { useStreamStatus } from '@/components/live/stream-provider';
import { cx } from '@/components/ui/cx';
import { Clock, formatSince } from '@/components/ui/time';
import { SignOutButton } from './sign-out';
import { ThemeToggle } from './theme-toggle';

function StreamDot() {
  const status = useStreamStatus();
  const look = {
    live: { cls: 'bg-emerald-500', word: 'Live' },
    connecting: { cls: 'bg-zinc-400', word: 'Connecting' },
    reconnecting: { cls: 'bg-amber-500 animate-pulse', word: 'Reconnecting' },
  }[status];
  return (
    <span data-testid="stream-status" data-status={status} className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400" title="Live updates from the cluster">
      <span aria-hidden className={cx('size-2 rounded-full', look.cls)} />
      {look.word}
    </span>
  );
}

function ClusterName() {
  const { data } = useQuery(clusterQuery());
  if (!data) return <span className="text-sm text-zinc-500">cluster…</span>;
  if (data.mode === 'embedded') {
    return (
      <span className="flex items-center gap-2 text-sm">
        <span className="font-medium">embedded</span>
        <Link
          href="/cluster"
          data-testid="embedded-badge"
          className="rounded bg-violet-100 px-1.5 py-0.5 text-xs font-semibold text-violet-800 hover:underline dark:bg-violet-950 dark:text-violet-300"
          title="This is ironlb's own embedded cluster: how to connect a real one"
        >
          Embedded cluster
        </Link>
      </span>
    );
  }
  return (
    <span className="flex items-center gap-2 text-sm">
      <span className="font-medium">{data.server}</span>
      <Link
        href="/cluster"
        data-testid="mode-badge"
        data-mode={data.mode}
        className={cx(
          'rounded px-1.5 py-0.5 text-xs font-semibold hover:underline',
          data.error ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300' : 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
        )}
        title={data.error ?? data.warning ?? 'Which load balancer this dashboard shows, and how it decided'}
      >
        {data.error ? '✖ ' : ''}
        {MODE_LABELS[data.mode]}
        {data.readOnly ? ' · read-only' : ''}
      </Link>
    </span>
  );
}

/** The mode's contradiction (red) or warning (amber), under the top bar on every page. */
export function ModeBanner() {
  const { data } = useQuery(clusterQuery());
  const text = data?.error ?? data?.warning;
  if (!text) return null;
  return (
    <div
      role={data?.error ? 'alert' : 'status'}
      data-testid="mode-banner"
      className={cx(
        'border-b px-4 py-2 text-sm',
        data?.error
          ? 'border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200'
          : 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200',
      )}
    >
      <span aria-hidden>{data?.error ? '✖ ' : '▲ '}</span>
      {text} <Link href="/cluster" className="underline">Details</Link>
    </div>
  );
}

/**
 * The cluster behind the dashboard not answering (the dashboard itself still does): since when,
 * why, and that the pages show what was last seen until it reconnects by itself.
 */
export function UnreachableBanner() {
  const { data } = useQuery(clusterQuery());
  const down = data?.unreachable;
  if (!down) return null;
  return (
    <div role="alert" data-testid="unreachable-banner" data-since={down.since} className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      <span aria-hidden>✖ </span>
      <strong>Cluster unreachable since <Clock iso={down.since} /></strong> ({formatSince(down.since)}): {down.error}. The pages show what was last seen; the dashboard reconnects by
      itself.
    </div>
  );
}

export function TopBar({ user, role }: { user: string; role: string }) {
  return (
    <header className="flex h-12 shrink-0 items-center justify-between gap-4 border-b border-zinc-200 bg-white px-4 dark:border-zinc-800 dark:bg-zinc-900">
      <ClusterName />
      <div className="flex items-center gap-4">
        <StreamDot />
        <ThemeToggle />
        <Link href="/users" className="text-sm text-zinc-600 hover:underline dark:text-zinc-300" title={`Signed in as ${user} (${role})`}>
          {user}
        </Link>
        <SignOutButton />
      </div>
    </header>
  );
}

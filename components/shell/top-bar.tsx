'use client';
// The top bar: which cluster (with the "Embedded cluster" badge and how to connect a real one),
// the live-stream dot, the theme toggle, the signed-in user and sign-out.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { clusterQuery } from '@/components/data/queries';
import { useStreamStatus } from '@/components/live/stream-provider';
import { cx } from '@/components/ui/cx';
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
    <span className="text-sm">
      <span className="font-medium">{data.server}</span> <span className="text-zinc-500">(Kubernetes)</span>
    </span>
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

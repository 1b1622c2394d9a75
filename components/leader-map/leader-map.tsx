'use client';
// Leader map (docs/ui.md): nodes as columns with the VIPs each announces as chips; the column
// height makes an imbalance visible at once. A node links to "what if it goes away?".
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { servicesQuery, nodesQuery } from '@/components/data/queries';
import { plural } from '@/lib/views';
import { cx } from '@/components/ui/cx';
import { CardsSkeleton, EmptyState, ErrorBox } from '@/components/ui/feedback';
import { SpeakerBadge } from '@/components/ui/state-badge';

const CHIP_LIMIT = 60;

export function LeaderMap() {
  const services = useQuery(servicesQuery());
  const nodes = useQuery(nodesQuery());
  const byNode = useMemo(() => {
    const map = new Map<string, { ip: string; key: string; conflict: boolean }[]>();
    for (const s of services.data?.items ?? []) {
      if (!s.node || (s.state !== 'announced' && s.state !== 'conflict')) continue;
      const list = map.get(s.node) ?? [];
      for (const ip of s.ips) list.push({ ip, key: `${s.namespace}/${s.name}`, conflict: s.state === 'conflict' });
      map.set(s.node, list);
    }
    return map;
  }, [services.data]);
  if (services.isPending || nodes.isPending) return <CardsSkeleton />;
  const err = services.error ?? nodes.error;
  if (err) return <ErrorBox message={err.message} onRetry={() => void Promise.all([services.refetch(), nodes.refetch()])} />;
  const list = nodes.data?.items ?? [];
  if (list.length === 0) return <EmptyState title="No nodes">Nothing to map yet.</EmptyState>;
  const max = Math.max(1, ...list.map((n) => byNode.get(n.name)?.length ?? 0));
  const total = [...byNode.values()].reduce((a, l) => a + l.length, 0);
  return (
    <div>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        {plural(total, 'announced IP')} over {plural(list.length, 'node')}; an even spread is about {(total / list.length).toFixed(1)} per node.
      </p>
      <div className="flex gap-3 overflow-x-auto pb-2" data-testid="leader-map">
        {list.map((n) => {
          const vips = byNode.get(n.name) ?? [];
          return (
            <section key={n.uid} aria-label={`${n.name}: ${plural(vips.length, 'IP')}`} className="flex w-56 shrink-0 flex-col rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
              <header className="mb-2">
                <Link href={`/whatif?nodes=${encodeURIComponent(n.name)}`} className="font-semibold hover:underline" title="What if this node goes away?">
                  {n.name}
                </Link>
                <div className="text-xs">
                  <SpeakerBadge state={n.speaker} />
                </div>
                <div className="mt-1 h-1.5 rounded bg-zinc-200 dark:bg-zinc-800">
                  <div className="h-full rounded bg-sky-500" style={{ width: `${(vips.length / max) * 100}%` }} />
                </div>
                <p className="mt-1 text-xs tabular-nums text-zinc-500" data-testid="leader-count">{plural(vips.length, 'IP')}</p>
              </header>
              <ul className="flex flex-wrap gap-1">
                {vips.slice(0, CHIP_LIMIT).map((v) => (
                  <li key={`${v.key}-${v.ip}`} title={v.key} className={cx('rounded px-1 font-mono text-[11px]', v.conflict ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300' : 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300')}>
                    {v.ip}
                  </li>
                ))}
                {vips.length > CHIP_LIMIT && <li className="text-xs text-zinc-500">+{vips.length - CHIP_LIMIT} more</li>}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}

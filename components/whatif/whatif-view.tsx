'use client';
// What-if (docs/ui.md): pick nodes to drain or exclude; see exactly which IPs move from -> to and
// the per-node load before and after, computed by lib/election like the speakers. Apply labels
// the nodes exclude-from-external-load-balancers after a confirmation listing the moves.
import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { apiPaths, plural, queryKeys, type NodeLoad, type WhatIfMode, type WhatIfMove } from '@/lib/views';
import { requestJson } from '@/components/data/api';
import { nodesQuery, whatIfQuery } from '@/components/data/queries';
import { useWrite } from '@/components/data/use-write';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState, ErrorBox, TableSkeleton } from '@/components/ui/feedback';
import { Card } from '@/components/ui/layout';
import { ScrollTable } from '@/components/ui/scroll-table';

function LoadChart({ load }: { load: NodeLoad[] }) {
  const max = Math.max(1, ...load.flatMap((l) => [l.before, l.after]));
  return (
    <ul className="space-y-2" data-testid="load-chart" aria-label="Per-node load before and after">
      {load.map((l) => (
        <li key={l.node} className="grid grid-cols-[6rem_1fr] items-center gap-2 text-xs">
          <span className="truncate font-medium">{l.node}</span>
          <span className="space-y-0.5" aria-label={`${l.node}: ${l.before} before, ${l.after} after`}>
            {(['before', 'after'] as const).map((when) => (
              <span key={when} className="flex items-center gap-2">
                <span className="h-2 flex-1">
                  <span className={`block h-2 rounded ${when === 'before' ? 'bg-zinc-400' : 'bg-sky-500'}`} style={{ width: `${(l[when] / max) * 100}%`, minWidth: l[when] ? 2 : 0 }} />
                </span>
                <span className={`w-16 shrink-0 tabular-nums ${when === 'before' ? 'text-zinc-500' : ''}`}>
                  {l[when]} {when}
                </span>
              </span>
            ))}
          </span>
        </li>
      ))}
    </ul>
  );
}

function MovesTable({ moves }: { moves: WhatIfMove[] }) {
  if (moves.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-moves">Nothing moves: these nodes announce no IP, or every IP keeps its node.</p>;
  return (
    <ScrollTable heads={['Service', 'IP', 'From', 'To']} testId="moves" maxHeight="md">
      {moves.map((m) => (
        <tr key={m.service} data-testid="move-row" className="border-t border-zinc-100 dark:border-zinc-800">
          <td className="py-1 pr-3">{m.service}</td>
          <td className="py-1 pr-3 font-mono text-xs">{m.ip}</td>
          <td className="py-1 pr-3">{m.from ?? '—'}</td>
          <td className="py-1">{m.to ?? <span className="text-red-700 dark:text-red-400">✖ nobody (not announced)</span>}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

export function WhatIfView({ canWrite }: { canWrite: boolean }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const picked = (params.get('nodes') ?? '').split(',').filter(Boolean);
  const mode: WhatIfMode = params.get('mode') === 'drain' ? 'drain' : 'exclude';
  const nodes = useQuery(nodesQuery());
  const result = useQuery(whatIfQuery(picked, mode));
  const [confirming, setConfirming] = useState(false);
  const setUrl = (next: string[], m: WhatIfMode) => {
    const q = new URLSearchParams();
    if (next.length) q.set('nodes', [...next].sort().join(','));
    if (m === 'drain') q.set('mode', 'drain');
    router.replace(q.size ? `${pathname}?${q}` : pathname, { scroll: false });
  };
  const toggle = (name: string) => setUrl(picked.includes(name) ? picked.filter((n) => n !== name) : [...picked, name], mode);
  const apply = useWrite({
    run: () => requestJson('POST', `${apiPaths.whatif}/apply`, { nodes: picked }),
    success: () => `Labelled ${picked.join(', ')} exclude-from-external-load-balancers`,
    failure: 'Could not label the nodes',
    invalidate: [queryKeys.nodes, ['whatif']],
    onSuccess: () => setConfirming(false),
  });

  if (nodes.isPending) return <TableSkeleton label="Loading nodes" />;
  if (nodes.error) return <ErrorBox message={nodes.error.message} onRetry={() => void nodes.refetch()} />;
  const moves = result.data?.moves ?? [];
  return (
    <div className="space-y-4">
      <Card title="Scenario">
        <fieldset>
          <legend className="text-sm font-medium">Nodes that go away</legend>
          <div className="mt-2 flex flex-wrap gap-3">
            {nodes.data.items.map((n) => (
              <label key={n.name} className="inline-flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={picked.includes(n.name)} onChange={() => toggle(n.name)} className="size-4 accent-sky-600" />
                {n.name}
                {n.excluded && <span className="text-xs text-amber-700">(already excluded)</span>}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="mt-3 flex gap-4 text-sm">
          <legend className="sr-only">How they go away</legend>
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name="mode" checked={mode === 'exclude'} onChange={() => setUrl(picked, 'exclude')} /> exclude (label the node)
          </label>
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name="mode" checked={mode === 'drain'} onChange={() => setUrl(picked, 'drain')} /> drain (speaker gone)
          </label>
        </fieldset>
      </Card>
      {picked.length === 0 ? (
        <EmptyState title="Pick one or more nodes">See which IPs would move and where, before you touch anything.</EmptyState>
      ) : result.isPending ? (
        <TableSkeleton label="Computing" />
      ) : result.error ? (
        <ErrorBox message={result.error.message} onRetry={() => void result.refetch()} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
          <Card
            title={`${plural(moves.length, 'IP')} would move${result.data.lost ? `, ${result.data.lost} would not be announced at all` : ''}`}
            actions={
              canWrite && (
                <Button tone="primary" onClick={() => setConfirming(true)} disabled={picked.length === 0}>
                  Apply: exclude {plural(picked.length, 'node')}
                </Button>
              )
            }
          >
            <MovesTable moves={moves} />
          </Card>
          <Card title="Load per node (announced IPs)">
            <LoadChart load={result.data.load} />
          </Card>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Exclude ${picked.join(', ')} from load balancing?`}
        confirmLabel="Label and move"
        tone="primary"
        pending={apply.isPending}
        onConfirm={() => apply.mutate(undefined)}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Sets <code>node.kubernetes.io/exclude-from-external-load-balancers</code> on {picked.join(', ')}. {plural(moves.length, 'IP')} would move:
        </p>
        <ul className="mt-2 list-inside list-disc text-xs">
          {moves.slice(0, 50).map((m) => (
            <li key={m.service}>
              {m.service} {m.ip}: {m.from ?? '—'} → {m.to ?? 'nobody'}
            </li>
          ))}
          {moves.length > 50 && <li>and {moves.length - 50} more</li>}
        </ul>
      </ConfirmDialog>
    </div>
  );
}

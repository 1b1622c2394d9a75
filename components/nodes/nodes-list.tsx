'use client';
// Nodes (docs/ui.md "Nodes"): the conflicts, one line per incident with the nodes that saw it, then
// one card per node: speaker live/stale/down with lease age, membership on the LAN (who hears
// it, since when), interfaces, IPs announced, ARP/NDP counters, last burst, errors, the labels
// that matter.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { apiPaths, conflictIncidents, pagePaths, plural, queryKeys, type NodeView } from '@/lib/views';
import { requestJson } from '@/components/data/api';
import { nodesQuery } from '@/components/data/queries';
import { useWrite } from '@/components/data/use-write';
import { Button } from '@/components/ui/button';
import { CardsSkeleton, EmptyState, ErrorBox } from '@/components/ui/feedback';
import { Card, KeyValues } from '@/components/ui/layout';
import { Chip, SpeakerBadge } from '@/components/ui/state-badge';
import { Clock, formatAge } from '@/components/ui/time';
import { NodeLan } from './node-lan';

function ExclusionButton({ node }: { node: NodeView }) {
  const w = useWrite({
    run: () => requestJson('POST', apiPaths.nodeLabels, { nodes: [node.name], excluded: !node.excluded }),
    success: () => (node.excluded ? `${node.name} takes load-balancer duty again` : `${node.name} excluded from load balancing`),
    invalidate: [queryKeys.nodes],
  });
  return (
    <Button onClick={() => w.mutate(undefined)} pending={w.isPending}>
      {node.excluded ? 'Remove exclusion' : 'Exclude'}
    </Button>
  );
}

function NodeCard({ n, canWrite }: { n: NodeView; canWrite: boolean }) {
  const h = n.health;
  return (
    <Card
      title={
        <span id={n.name} className="flex items-center gap-2">
          <Link href={pagePaths.node(n.name)} className="hover:underline" title={`${n.name}: failover history`}>
            {n.name}
          </Link>{' '}
          <SpeakerBadge state={n.speaker} detail={n.leaseAgeMs !== null ? `lease ${formatAge(n.leaseAgeMs)} old` : 'no lease'} />
        </span>
      }
      actions={canWrite && <ExclusionButton node={n} />}
    >
      <div data-testid="node-card" data-node={n.name} data-speaker={n.speaker} className="space-y-3">
        <div className="flex flex-wrap gap-1">
          {n.excluded && <Chip tone="warn">exclude-from-external-load-balancers</Chip>}
          {n.networkUnavailable && <Chip tone="bad">NetworkUnavailable</Chip>}
          {!n.ready && <Chip tone="bad">NotReady</Chip>}
          {!n.excluded && !n.networkUnavailable && n.ready && <Chip tone="good">eligible</Chip>}
          {h && h.conflicts.length > 0 && <Chip tone="bad">saw {plural(h.conflicts.length, 'conflict')}</Chip>}
        </div>
        <NodeLan n={n} />
        <KeyValues
          items={[
            ['IPs announced', <span key="ips" data-testid="node-ip-count">{n.announcedIPs.length}</span>],
            ['Interfaces', h?.interfaces.join(', ') || '—'],
            ['ARP/NDP requests', h ? h.counters.requestsReceived.toLocaleString() : '—'],
            ['Replies sent', h ? h.counters.responsesSent.toLocaleString() : '—'],
            ['Gratuitous sent', h ? h.counters.gratuitousSent.toLocaleString() : '—'],
            ['Last burst', <Clock key="b" iso={h?.lastGratuitous ?? null} />],
          ]}
        />
        {n.announcedIPs.length > 0 && (
          <details>
            <summary className="cursor-pointer text-sm text-sky-700 dark:text-sky-400">Show {plural(n.announcedIPs.length, 'announced IP')}</summary>
            <ul className="mt-1 max-h-48 overflow-auto font-mono text-xs">
              {n.announcedIPs.map((ip) => (
                <li key={ip}>{ip}</li>
              ))}
            </ul>
          </details>
        )}
        {h && h.errors.length > 0 && (
          <ul className="text-sm text-amber-700 dark:text-amber-400">
            {h.errors.map((e) => (
              <li key={e}>▲ {e}</li>
            ))}
          </ul>
        )}
        <Link href={`/whatif?nodes=${encodeURIComponent(n.name)}`} className="text-xs text-sky-700 hover:underline dark:text-sky-400">
          What if this node goes away?
        </Link>
      </div>
    </Card>
  );
}

/** One line per conflict incident, however many nodes saw it. */
function Conflicts({ nodes }: { nodes: NodeView[] }) {
  const incidents = conflictIncidents(nodes);
  if (incidents.length === 0) return null;
  return (
    <div role="alert" className="mb-4 space-y-1 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-300">
      {incidents.map((c) => (
        <p key={`${c.ip}-${c.mac}`} data-testid="conflict-incident" data-ip={c.ip} data-mac={c.mac}>
          ✖ conflict: another host ({c.mac}) answers for {c.ip}; seen by {c.seenBy.join(', ')}, last at <Clock iso={c.lastSeen} />
        </p>
      ))}
    </div>
  );
}

export function NodesList({ canWrite }: { canWrite: boolean }) {
  const { data, error, isPending, refetch } = useQuery(nodesQuery());
  if (isPending) return <CardsSkeleton />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  if (data.items.length === 0) return <EmptyState title="No nodes">The cluster has no Node objects: speakers run one per node.</EmptyState>;
  const counts = { live: 0, stale: 0, down: 0 };
  for (const n of data.items) counts[n.speaker]++;
  const offLan = data.items.filter((n) => n.lan.state === 'silentOnLan' || n.lan.state === 'cutOffFromApi').length;
  return (
    <>
      <Conflicts nodes={data.items} />
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        {plural(data.items.length, 'node')} · {counts.live} live · {counts.stale} stale · {counts.down} down
        {offLan > 0 && ` · ${offLan} where the LAN and the API disagree`}
      </p>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {data.items.map((n) => (
          <NodeCard key={n.uid} n={n} canWrite={canWrite} />
        ))}
      </div>
    </>
  );
}

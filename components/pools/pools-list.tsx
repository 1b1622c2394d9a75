'use client';
// Pools (docs/ui.md "Pools"): name, addresses, families, auto-assign, avoid-buggy, used/total, and
// a loud warning chip when no L2Advertisement covers the pool.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { poolsQuery } from '@/components/data/queries';
import { LinkButton } from '@/components/ui/button';
import { EmptyState, ErrorBox, TableSkeleton } from '@/components/ui/feedback';
import { UtilisationBar } from '@/components/ui/layout';
import { Chip } from '@/components/ui/state-badge';
import { DeletePoolButton } from './delete-pool';

export function CoverageChip({ advertisements }: { advertisements: string[] }) {
  if (advertisements.length === 0) {
    return (
      <Chip tone="warn" title="IPs of this pool are allocated but no node announces them: create an L2Advertisement">
        <span aria-hidden>▲</span> no L2Advertisement
      </Chip>
    );
  }
  return <span className="text-xs text-zinc-600 dark:text-zinc-400">{advertisements.join(', ')}</span>;
}

export function PoolsList({ canWrite }: { canWrite: boolean }) {
  const { data, error, isPending, refetch } = useQuery(poolsQuery());
  if (isPending) return <TableSkeleton label="Loading pools" />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  if (data.items.length === 0) {
    return (
      <EmptyState
        title="No pools yet"
        action={
          canWrite && (
            <>
              <LinkButton href="/pools/new" tone="primary">Create a pool</LinkButton>
              <LinkButton href="/import">Import a MetalLB ConfigMap</LinkButton>
            </>
          )
        }
      >
        Create one or import a MetalLB ConfigMap: LoadBalancer services stay pending until a pool has a free IP.
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" aria-label="IP address pools">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase text-zinc-500 dark:border-zinc-800 dark:bg-zinc-950">
          <tr>
            {['Name', 'Addresses', 'Families', 'Auto-assign', 'Avoid buggy IPs', 'Used / total', 'L2Advertisement', ''].map((h) => (
              <th key={h} className="px-3 py-2 font-semibold">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.items.map((p) => (
            <tr key={p.uid} data-testid="pool-row" data-pool={p.name} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
              <td className="px-3 py-2 font-medium">
                <Link href={`/pools/${encodeURIComponent(p.name)}`} className="hover:underline">{p.name}</Link>
                {p.pinned && <Chip title="serviceAllocation: serves only matching services">pinned{p.priority !== null ? ` · priority ${p.priority}` : ''}</Chip>}
              </td>
              <td className="px-3 py-2 font-mono text-xs" data-testid="pool-addresses">{p.addresses.join(', ')}</td>
              <td className="px-3 py-2">{p.families.join(', ')}</td>
              <td className="px-3 py-2">{p.autoAssign ? 'yes' : 'no'}</td>
              <td className="px-3 py-2">{p.avoidBuggyIPs ? 'yes' : 'no'}</td>
              <td className="px-3 py-2"><UtilisationBar used={p.used} total={p.total} label={`${p.name} utilisation`} /></td>
              <td className="px-3 py-2"><CoverageChip advertisements={p.advertisements} /></td>
              <td className="px-3 py-2 text-right">
                {canWrite && (
                  <span className="inline-flex gap-2">
                    <LinkButton href={`/pools/${encodeURIComponent(p.name)}/edit`}>Edit</LinkButton>
                    <DeletePoolButton pool={p} />
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

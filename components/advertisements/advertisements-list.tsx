'use client';
// L2Advertisements: the pools each really covers, the nodes it selects, its interfaces.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPaths, queryKeys, type AdvertisementView } from '@/lib/views';
import { requestJson } from '@/components/data/api';
import { advertisementsQuery } from '@/components/data/queries';
import { useWrite } from '@/components/data/use-write';
import { Button, LinkButton } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ObjectYamlActions } from '@/components/manifest/object-yaml-actions';
import { ChangePreview } from '@/components/preview/change-preview';
import { useDraftPreview } from '@/components/preview/use-draft-preview';
import { EmptyState, ErrorBox, TableSkeleton } from '@/components/ui/feedback';

function DeleteAdvertisement({ ad, others }: { ad: AdvertisementView; others: AdvertisementView[] }) {
  const [open, setOpen] = useState(false);
  const uncovered = ad.coveredPools.filter((p) => !others.some((o) => o.coveredPools.includes(p)));
  const preview = useDraftPreview(open ? { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: ad.name } } : null, 'delete');
  const del = useWrite({
    run: () => requestJson<{ deleted: string }>('DELETE', apiPaths.advertisement(ad.name)),
    success: (r) => `L2Advertisement ${r.deleted} deleted`,
    invalidate: [queryKeys.advertisements, queryKeys.pools],
    onSuccess: () => setOpen(false),
  });
  return (
    <>
      <Button tone="danger" onClick={() => setOpen(true)} aria-label={`Delete L2Advertisement ${ad.name}`}>Delete</Button>
      <ConfirmDialog open={open} title={`Delete L2Advertisement ${ad.name}?`} confirmLabel="Delete" pending={del.isPending} onConfirm={() => del.mutate(undefined)} onCancel={() => setOpen(false)}>
        {uncovered.length ? (
          <p>
            Afterwards no advertisement covers <b>{uncovered.join(', ')}</b>: its services keep their IPs but no node answers ARP/NDP for them.
          </p>
        ) : (
          <p>Every pool it covers stays covered by another advertisement.</p>
        )}
        <div className="mt-3">
          <ChangePreview state={preview} title="What deleting will do" />
        </div>
      </ConfirmDialog>
    </>
  );
}

export function AdvertisementsList({ canWrite }: { canWrite: boolean }) {
  const { data, error, isPending, refetch } = useQuery(advertisementsQuery());
  if (isPending) return <TableSkeleton label="Loading advertisements" />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  if (data.items.length === 0) {
    return (
      <EmptyState title="No L2Advertisements yet" action={canWrite && <LinkButton href="/l2advertisements/new" tone="primary">Create one</LinkButton>}>
        Without one, IPs are allocated but never announced: no node answers ARP/NDP for them.
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" aria-label="L2Advertisements">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase text-zinc-500 dark:border-zinc-800 dark:bg-zinc-950">
          <tr>
            {['Name', 'Pools covered', 'Nodes', 'Interfaces', ''].map((h) => (
              <th key={h} className="px-3 py-2">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.items.map((ad) => (
            <tr key={ad.uid} data-testid="advertisement-row" className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
              <td className="px-3 py-2 font-medium">{ad.name}</td>
              <td className="px-3 py-2">{ad.coveredPools.join(', ') || '—'}{ad.ipAddressPools.length === 0 && <span className="ml-1 text-xs text-zinc-500">(all pools)</span>}</td>
              <td className="px-3 py-2">{ad.nodes.join(', ') || 'none'}{ad.nodeSelectors === 0 && <span className="ml-1 text-xs text-zinc-500">(all nodes)</span>}</td>
              <td className="px-3 py-2">{ad.interfaces.join(', ') || 'all eligible'}</td>
              <td className="px-3 py-2 text-right">
                <span className="inline-flex gap-2">
                  <ObjectYamlActions object={ad.resource as object} title={`L2Advertisement ${ad.name}`} compact />
                  {canWrite && (
                    <>
                      <LinkButton href={`/l2advertisements/${encodeURIComponent(ad.name)}/edit`}>Edit</LinkButton>
                      <DeleteAdvertisement ad={ad} others={data.items.filter((o) => o.name !== ad.name)} />
                    </>
                  )}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

'use client';
// Deleting a pool: the confirmation names every service that would lose its IP, and previews
// where each would go (another pool, pending) and which node would announce it; only then is
// the request sent with confirm=true.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiPaths, plural, queryKeys, type PoolView } from '@/lib/views';
import { requestJson } from '@/components/data/api';
import { useWrite } from '@/components/data/use-write';
import { ChangePreview } from '@/components/preview/change-preview';
import { useDraftPreview } from '@/components/preview/use-draft-preview';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

export function DeletePoolButton({ pool, afterDelete }: { pool: PoolView; afterDelete?: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const preview = useDraftPreview(open ? { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: pool.name } } : null, 'delete');
  const del = useWrite({
    run: () => requestJson<{ deleted: string; servicesLosingIPs: string[] }>('DELETE', `${apiPaths.pool(pool.name)}?confirm=true`),
    success: (r) => `Pool ${r.deleted} deleted${r.servicesLosingIPs.length ? `; ${plural(r.servicesLosingIPs.length, 'service')} lost ${r.servicesLosingIPs.length === 1 ? 'its IP' : 'their IPs'}` : ''}`,
    failure: `Could not delete pool ${pool.name}`,
    invalidate: [queryKeys.pools, queryKeys.services],
    onSuccess: () => {
      setOpen(false);
      if (afterDelete) router.push(afterDelete);
    },
  });
  return (
    <>
      <Button tone="danger" onClick={() => setOpen(true)} aria-label={`Delete pool ${pool.name}`}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete pool ${pool.name}?`}
        confirmLabel={pool.serviceCount ? `Delete and free ${plural(pool.used, 'IP')}` : 'Delete pool'}
        pending={del.isPending}
        onConfirm={() => del.mutate(undefined)}
        onCancel={() => setOpen(false)}
      >
        {pool.serviceCount === 0 ? (
          <p>No service holds an IP from this pool. Nothing else changes.</p>
        ) : (
          <>
            <p>
              {pool.serviceCount === 1 ? 'This service holds' : `These ${pool.serviceCount} services hold`} IPs from <b>{pool.name}</b> and will lose them (they go back to pending unless another pool can serve them):
            </p>
            <ul className="mt-2 list-inside list-disc font-mono text-xs" data-testid="services-losing-ips">
              {pool.services.map((s) => (
                <li key={s}>{s}</li>
              ))}
              {pool.serviceCount > pool.services.length && <li>and {pool.serviceCount - pool.services.length} more</li>}
            </ul>
          </>
        )}
        <div className="mt-3">
          <ChangePreview state={preview} title="What deleting will do" />
        </div>
      </ConfirmDialog>
    </>
  );
}

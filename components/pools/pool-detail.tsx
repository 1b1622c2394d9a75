'use client';
// One pool: utilisation, coverage, the per-IP grid, the table of IPs in use (IP -> services -> node),
// and its history (utilisation over time, the exhaustion forecast, who held each IP).
import { useQuery } from '@tanstack/react-query';
import { plural } from '@/lib/views';
import { poolQuery } from '@/components/data/queries';
import { ObjectYamlActions } from '@/components/manifest/object-yaml-actions';
import { LinkButton } from '@/components/ui/button';
import { ErrorBox, TableSkeleton } from '@/components/ui/feedback';
import { Card, KeyValues, PageHeader, UtilisationBar } from '@/components/ui/layout';
import { DeletePoolButton } from './delete-pool';
import { IPGrid } from './ip-grid';
import { IPsInUse } from './ips-in-use';
import { CoverageChip } from './pools-list';
import { PoolHistory } from '@/components/history/pool-history';

export function PoolDetailView({ name, canWrite }: { name: string; canWrite: boolean }) {
  const { data, error, isPending, refetch } = useQuery(poolQuery(name));
  if (isPending) return <TableSkeleton label="Loading pool" />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  const p = data.pool;
  return (
    <div className="space-y-4">
      <PageHeader
        title={`Pool ${p.name}`}
        description={p.addresses.join(', ')}
        actions={
          <>
            <ObjectYamlActions object={data.resource as object} title={`IPAddressPool ${p.name}`} />
            {canWrite && (
              <>
                <LinkButton href={`/pools/${encodeURIComponent(p.name)}/edit`}>Edit</LinkButton>
                <DeletePoolButton pool={p} afterDelete="/pools" />
              </>
            )}
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Settings">
          <KeyValues
            items={[
              ['Families', p.families.join(', ')],
              ['Auto-assign', p.autoAssign ? 'yes' : 'no (only explicit requests)'],
              ['Avoid buggy IPs', p.avoidBuggyIPs ? 'yes (.0 and .255 never handed out)' : 'no'],
              ['Allocation', p.pinned ? `pinned${p.priority !== null ? `, priority ${p.priority}` : ''}` : 'any service'],
              ['Used', <UtilisationBar key="u" used={p.used} total={p.total} label={`${p.name} utilisation`} />],
              ['L2Advertisement', <CoverageChip key="c" advertisements={p.advertisements} />],
            ]}
          />
        </Card>
        <Card title="Addresses" className="lg:col-span-2">
          <IPGrid cells={data.cells} truncated={data.truncated} total={p.total} />
        </Card>
      </div>
      <Card title={`IPs in use (${p.used}), held by ${plural(p.serviceCount, 'service')}`}>
        <IPsInUse pool={p.name} rows={data.inUse} used={p.used} />
      </Card>
      <PoolHistory pool={p.name} />
    </div>
  );
}

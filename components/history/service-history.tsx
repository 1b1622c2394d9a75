'use client';
// A service's history on its page: the failover timeline (chart and table, live from the
// stream), who held its IPs before and after it, "verify now", and the export links.
import { useQuery } from '@tanstack/react-query';
import { apiPaths } from '@/lib/views';
import { serviceHistoryQuery } from '@/components/data/queries';
import { ErrorBox, Skeleton } from '@/components/ui/feedback';
import { Card } from '@/components/ui/layout';
import { ExportLinks } from './export-links';
import { HistoryTable } from './history-table';
import { IPHistory } from './ip-history';
import { AnnouncerTimelineChart } from './timelines';
import { VerifyPanel } from './verify-panel';

export function ServiceHistory({ namespace, name, ips }: { namespace: string; name: string; ips: string[] }) {
  const { data, error, isPending, refetch, dataUpdatedAt } = useQuery(serviceHistoryQuery(namespace, name));
  return (
    <div className="space-y-4">
      <Card title="Failover timeline" actions={<ExportLinks path={apiPaths.serviceHistory(namespace, name)} label={`the history of ${namespace}/${name}`} />}>
        {isPending ? (
          <Skeleton className="h-48 w-full" />
        ) : error ? (
          <ErrorBox message={error.message} onRetry={() => void refetch()} />
        ) : (
          <div className="space-y-4">
            <AnnouncerTimelineChart entries={data.entries} now={dataUpdatedAt} />
            <HistoryTable entries={data.entries} showService={false} empty="Nothing recorded for this service yet." />
          </div>
        )}
      </Card>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <Card title="IP history">
          {ips.length === 0 ? <p className="text-sm text-zinc-500">No IP yet.</p> : ips.map((ip) => <IPHistory key={ip} ip={ip} />)}
        </Card>
        <Card title="Who answers on the LAN">
          <VerifyPanel namespace={namespace} name={name} />
        </Card>
      </div>
    </div>
  );
}

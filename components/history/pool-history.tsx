'use client';
// A pool's history on its page: utilisation over time with the exhaustion forecast, and who held
// each of its IPs (with the pool's own edits in the list below).
import { useQuery } from '@tanstack/react-query';
import { apiPaths } from '@/lib/views';
import { poolHistoryQuery } from '@/components/data/queries';
import { ErrorBox, Skeleton } from '@/components/ui/feedback';
import { Card } from '@/components/ui/layout';
import { ExportLinks } from './export-links';
import { HistoryTable } from './history-table';
import { IPHoldings } from './ip-holdings';
import { PoolUsageChart } from './usage-chart';

export function PoolHistory({ pool }: { pool: string }) {
  const { data, error, isPending, refetch } = useQuery(poolHistoryQuery(pool));
  return (
    <div className="space-y-4">
      <Card title="Utilisation and forecast">
        <PoolUsageChart pool={pool} />
      </Card>
      <Card title="IP history" actions={<ExportLinks path={apiPaths.poolHistory(pool)} label={`the history of pool ${pool}`} />}>
        {isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : error ? (
          <ErrorBox message={error.message} onRetry={() => void refetch()} />
        ) : (
          <div className="space-y-4">
            <IPHoldings entries={data.entries} empty="No IP of this pool has been handed out yet." />
            <details>
              <summary className="cursor-pointer text-sm text-sky-700 dark:text-sky-400">Every entry ({data.entries.length})</summary>
              <div className="mt-2">
                <HistoryTable entries={data.entries} empty="Nothing recorded for this pool yet." />
              </div>
            </details>
          </div>
        )}
      </Card>
    </div>
  );
}

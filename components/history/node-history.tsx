'use client';
// One node's failover history: the IPs it took over and lost over time, by cause, and the list.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { apiPaths } from '@/lib/views';
import { nodeHistoryQuery } from '@/components/data/queries';
import { ErrorBox, TableSkeleton } from '@/components/ui/feedback';
import { Card, PageHeader } from '@/components/ui/layout';
import { ExportLinks } from './export-links';
import { HistoryTable } from './history-table';
import { NodeTimelineChart } from './timelines';

export function NodeHistoryView({ node }: { node: string }) {
  const { data, error, isPending, refetch } = useQuery(nodeHistoryQuery(node));
  return (
    <div className="space-y-4">
      <PageHeader
        title={`Node ${node}`}
        description="The IPs this node's speaker took over and lost, and why."
        actions={<Link href="/nodes" className="text-sm text-sky-700 hover:underline dark:text-sky-400">← All nodes</Link>}
      />
      {isPending ? (
        <TableSkeleton label="Loading the node's history" />
      ) : error ? (
        <ErrorBox message={error.message} onRetry={() => void refetch()} />
      ) : (
        <Card title="Failover timeline" actions={<ExportLinks path={apiPaths.nodeHistory(node)} label={`the history of node ${node}`} />}>
          <div className="space-y-4">
            <NodeTimelineChart entries={data.entries} node={node} />
            <HistoryTable entries={data.entries} empty="This node has not taken over or lost an IP yet." />
          </div>
        </Card>
      )}
    </div>
  );
}

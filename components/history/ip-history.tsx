'use client';
// One IP's holders over time, from the ledger ("held by A until 12:00, then B").
import { useQuery } from '@tanstack/react-query';
import { apiPaths } from '@/lib/views';
import { ipHistoryQuery } from '@/components/data/queries';
import { ErrorBox, Skeleton } from '@/components/ui/feedback';
import { ExportLinks } from './export-links';
import { IPHoldings } from './ip-holdings';

export function IPHistory({ ip }: { ip: string }) {
  const { data, error, isPending, refetch } = useQuery(ipHistoryQuery(ip));
  if (isPending) return <Skeleton className="h-6 w-full" />;
  // A brand-new IP may not be in the ledger for a moment: 404 until its entry is written.
  if (error) return (error as { status?: number }).status === 404 ? <p className="text-sm text-zinc-500">{ip}: nothing recorded yet.</p> : <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  return (
    <div className="space-y-1">
      <IPHoldings entries={data.entries} empty={`${ip}: nothing recorded yet.`} />
      <ExportLinks path={apiPaths.ipHistory(ip)} label={`the history of ${ip}`} />
    </div>
  );
}

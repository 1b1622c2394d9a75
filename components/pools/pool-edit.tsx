'use client';
// The edit page's body: loads the pool (prefetched by the server page) and opens the form on it.
import { useQuery } from '@tanstack/react-query';
import type { IPAddressPool } from '@/lib/schemas';
import { poolQuery } from '@/components/data/queries';
import { ErrorBox, TableSkeleton } from '@/components/ui/feedback';
import { PoolFormView } from './pool-form';

export function PoolEditView({ name }: { name: string }) {
  const { data, error, isPending, refetch } = useQuery({ ...poolQuery(name), staleTime: Infinity });
  if (isPending) return <TableSkeleton label="Loading pool" />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  return <PoolFormView existing={data.resource as IPAddressPool} />;
}

'use client';
// The edit page's body: loads the advertisement and opens the form on its resource.
import { useQuery } from '@tanstack/react-query';
import type { L2Advertisement } from '@/lib/schemas';
import { advertisementQuery } from '@/components/data/queries';
import { ErrorBox, TableSkeleton } from '@/components/ui/feedback';
import { AdvertisementFormView } from './advertisement-form';

export function AdvertisementEditView({ name }: { name: string }) {
  const { data, error, isPending, refetch } = useQuery({ ...advertisementQuery(name), staleTime: Infinity });
  if (isPending) return <TableSkeleton label="Loading advertisement" />;
  if (error) return <ErrorBox message={error.message} onRetry={() => void refetch()} />;
  return <AdvertisementFormView existing={data.resource as L2Advertisement} />;
}

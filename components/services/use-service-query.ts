'use client';
// The Services table's search, filters and sort live in the URL (shareable); typing in the
// search box updates the URL without adding history entries.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { formatServiceQuery, parseServiceQuery, type ServiceQuery } from '@/lib/views';

export function useServiceQuery(): [ServiceQuery, (patch: Partial<ServiceQuery>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = useMemo(() => parseServiceQuery(params), [params]);
  const update = useCallback(
    (patch: Partial<ServiceQuery>) => {
      const text = formatServiceQuery({ ...query, ...patch });
      router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
    },
    [query, router, pathname],
  );
  return [query, update];
}

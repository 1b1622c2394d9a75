// Server pages prefetch the queries their client components read (same keys as
// components/data/queries), straight from the worker, and hand them over dehydrated.
// A failed prefetch is left to the client, which shows the server's message and a retry.
import 'server-only';
import { dehydrate, HydrationBoundary, QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { requirePagePrincipal } from '@/server/auth/page';
import { getWorkerHost } from '@/server/worker/host';

export interface Prefetch {
  key: QueryKey;
  op: string;
  args?: Record<string, unknown>;
}

export async function Prefetched({ queries, children }: { queries: Prefetch[]; children: ReactNode }) {
  await requirePagePrincipal();
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const host = getWorkerHost();
  await Promise.all(queries.map((q) => qc.prefetchQuery({ queryKey: q.key, queryFn: () => host.request(q.op, q.args ?? {}, 5_000) })));
  return <HydrationBoundary state={dehydrate(qc)}>{children}</HydrationBoundary>;
}

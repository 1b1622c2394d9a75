// Server pages prefetch the queries their client components read, straight from the worker, and
// hand them over dehydrated; lib/contract's prefetch(op, args) gives each its browser query key.
// A failed prefetch is left to the client, which shows the server's message and a retry.
import 'server-only';
import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { requirePagePrincipal } from '@/server/auth/page';
import { getWorkerHost } from '@/server/host/worker-host';
import type { Prefetch } from '@/lib/contract/worker-ops';

export async function Prefetched({ queries, children }: { queries: Prefetch[]; children: ReactNode }) {
  await requirePagePrincipal();
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const host = getWorkerHost();
  await Promise.all(queries.map((q) => qc.prefetchQuery({ queryKey: q.key, queryFn: () => host.request(q.op, q.args as never, 5_000) })));
  return <HydrationBoundary state={dehydrate(qc)}>{children}</HydrationBoundary>;
}

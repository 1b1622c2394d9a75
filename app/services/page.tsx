// Services: every LoadBalancer Service with IP, pool, announcing node and state. The server renders
// the first rows for the URL's query; the whole list (10,000 rows are megabytes) is fetched by
// the browser, starting while it parses this page, and kept live by the stream.
// No loading.tsx and no Suspense on purpose: behind a Suspense boundary the rows would come as a streamed
// boundary, which React reveals no sooner than 300 ms after the first paint. The page answers
// in milliseconds (the rows come from this process's memory), and the table has its own
// skeleton for when they cannot.
import type { Metadata } from 'next';
import { preload } from 'react-dom';
import { ServicesTable } from '@/components/services/services-table';
import { PageHeader } from '@/components/ui/layout';
import { apiPaths, parseServiceQuery, type ServiceTableHead } from '@/lib/views';
import { requirePagePrincipal } from '@/server/auth/page';
import { getWorkerHost } from '@/server/host/worker-host';
import { getServicesMirror } from '@/server/host/services-mirror';

export const metadata: Metadata = { title: 'Services · ironlb' };

/** More than a tall screen shows. */
const HEAD_ROWS = 60;
/** A worker too busy to answer this fast leaves the rows to the browser's fetch. */
const HEAD_WAIT_MS = 250;

type SearchParams = Record<string, string | string[] | undefined>;

async function tableHead(params: SearchParams): Promise<ServiceTableHead | undefined> {
  const search = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
  // A failure is left to the browser's fetch, which shows the error with a retry.
  const head = getServicesMirror(getWorkerHost()).head(parseServiceQuery(search), HEAD_ROWS).catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, HEAD_WAIT_MS, undefined)));
  try {
    return await Promise.race([head, late]);
  } finally {
    clearTimeout(timer);
  }
}

export default async function ServicesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePagePrincipal();
  preload(apiPaths.servicesColumns, { as: 'fetch', crossOrigin: 'anonymous' });
  const head = await tableHead(await searchParams);
  return (
    <div className="flex h-full flex-col">
      <PageHeader title="Services" description="Every LoadBalancer Service: its external IP, the node announcing it, and why not when it is not." />
      <div className="min-h-0 flex-1">
        <ServicesTable head={head} />
      </div>
    </div>
  );
}

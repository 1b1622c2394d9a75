// GET /api/v1/services?q=&namespace=&state=&pool=&node=: every LoadBalancer Service with its
// IPs, pool, announcing node and state. Answered from this process's mirror of the worker's
// rows (server/worker/services-mirror.ts), so a busy worker does not hold the list up.
import 'server-only';
import { DEFAULT_SERVICE_QUERY, type ServiceQuery } from '@/lib/views';
import { withAuth } from '@/server/auth/route';
import { getWorkerHost } from '@/server/worker/host';
import { getServicesMirror } from '@/server/worker/services-mirror';
import { answer } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

const FILTERS = ['q', 'namespace', 'state', 'pool', 'node'] as const;

export const GET = withAuth('read', async (request) => {
  const params = new URL(request.url).searchParams;
  const read = (key: (typeof FILTERS)[number]) => (params.get(key) ?? '').slice(0, 256);
  const query: ServiceQuery = { ...DEFAULT_SERVICE_QUERY, q: read('q'), namespace: read('namespace'), state: read('state') as ServiceQuery['state'], pool: read('pool'), node: read('node') };
  const filtered = FILTERS.some((key) => read(key) !== '');
  const mirror = getServicesMirror(getWorkerHost());
  if (!filtered) {
    // 10,000 rows are 3 MB of JSON: serialised once per change of rows, not once per request.
    // Compression stays Next's: it drops a route's own Content-Encoding header (send-response.js).
    const body = (await mirror.encodedList()).body;
    return new Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength), {
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    });
  }
  return answer(await mirror.matching(query));
});

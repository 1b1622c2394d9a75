// GET /api/v1/services?q=&namespace=&state=&pool=&node=&format=: every LoadBalancer Service with
// its IPs, pool, announcing node and state. Answered from this process's mirror of the worker's
// rows (server/host/services-mirror.ts), so a busy worker does not hold the list up.
// format=columns gives the same rows in columns (lib/views/service-columns), a third of the size.
import 'server-only';
import { DEFAULT_SERVICE_QUERY, type ServiceQuery } from '@/lib/views';
import { jsonError, piecesBody } from '@/server/http/json';
import { withAuth } from '@/server/auth/route';
import { getWorkerHost } from '@/server/host/worker-host';
import { getServicesMirror } from '@/server/host/services-mirror';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async (request) => {
  const params = new URL(request.url).searchParams;
  const read = (key: string) => (params.get(key) ?? '').slice(0, 256);
  const query: ServiceQuery = { ...DEFAULT_SERVICE_QUERY, q: read('q'), namespace: read('namespace'), state: read('state') as ServiceQuery['state'], pool: read('pool'), node: read('node') };
  const format = params.get('format') ?? 'rows';
  if (format !== 'rows' && format !== 'columns') {
    return jsonError(400, 'Invalid', `format must be "rows" or "columns", not "${format.slice(0, 40)}"`);
  }
  // Compression stays Next's: it drops a route's own Content-Encoding header (send-response.js).
  const pieces = await getServicesMirror(getWorkerHost()).answer(query, format);
  return new Response(piecesBody(pieces), {
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
});

// GET /api/v1/services?q=&namespace=&state=&pool=&node=: every LoadBalancer Service with its
// IPs, pool, announcing node and state. Unfiltered, the worker hands over a cached JSON string.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { callWorker, answer } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

const FILTERS = ['q', 'namespace', 'state', 'pool', 'node'] as const;

export const GET = withAuth('read', async (request) => {
  const params = new URL(request.url).searchParams;
  const args: Record<string, string> = {};
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) args[key] = value.slice(0, 256);
  }
  const result = await callWorker<{ json?: string }>('services.list', args);
  if (typeof result.json === 'string') {
    return new Response(result.json, { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
  }
  return answer(result);
});

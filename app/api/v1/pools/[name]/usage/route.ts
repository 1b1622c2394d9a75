// GET /api/v1/pools/:name/usage?since=&until=: the pool's used count over time (at most 600
// points; the default range is the forecast's 7 days), for the utilisation chart.
import 'server-only';
import { historyQuerySchema, parseQueryParams } from '@/lib/schemas/history-query';
import { jsonError } from '@/server/http/json';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../../../_lib/route-kit';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

export const GET = withAuth('read', async (request, { params }: Ctx) => {
  const { name } = await params;
  const query = parseQueryParams(historyQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return jsonError(400, 'Invalid', query.message, query.issues);
  return answer(await callWorker('pools.usage', { name, since: query.value.since, until: query.value.until }));
});

// GET /api/v1/history/flapping?window=1h&threshold=3&limit=20: services whose announcer or IP
// changed more than `threshold` times within `window`, most changes first.
import 'server-only';
import { flappingQuerySchema, parseQueryParams } from '@/lib/schemas/history-query';
import { jsonError } from '@/server/http/json';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async (request) => {
  const query = parseQueryParams(flappingQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return jsonError(400, 'Invalid', query.message, query.issues);
  return answer(await callWorker('history.flapping', query.value));
});

// POST /api/v1/whatif {nodes, mode}: which IPs would move where, and per-node load before/after.
// A POST because it is a computation on a body, not because it changes anything.
import 'server-only';
import { whatIfRequestSchema } from '@/lib/schemas/requests';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker, readBody } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const POST = withAuth('read', async (request) => {
  const body = await readBody(request, whatIfRequestSchema);
  if (!body.ok) return body.response;
  return answer(await callWorker('whatif.compute', body.value, 60_000));
});

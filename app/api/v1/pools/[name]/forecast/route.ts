// GET /api/v1/pools/:name/forecast: { pool, size, used, ratePerDay, exhaustedAt } from the net
// allocation rate of the last 7 days; exhaustedAt is null when the pool does not fill at this rate.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../../../_lib/route-kit';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

export const GET = withAuth('read', async (_request, { params }: Ctx) => {
  const { name } = await params;
  return answer(await callWorker('pools.forecast', { name }));
});

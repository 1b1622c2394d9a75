// GET /api/v1/history/pools/:name?since=&until=&limit=&format=csv: the pool's entries (its edits
// and the IPs handed out and released from it), newest first.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answerHistory } from '../../../_lib/history-route';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

export const GET = withAuth('read', async (request, { params }: Ctx) => {
  const { name } = await params;
  return answerHistory(request, 'history.pool', { name }, `pool-${name}`);
});

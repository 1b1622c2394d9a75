// GET /api/v1/history/services/:namespace/:name?since=&until=&limit=&format=csv: the service's
// ledger entries, newest first (404 for a service never seen; 400 for a bad time range).
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answerHistory } from '../../../../_lib/history-route';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ namespace: string; name: string }> };

export const GET = withAuth('read', async (request, { params }: Ctx) => {
  const { namespace, name } = await params;
  return answerHistory(request, 'history.service', { namespace, name }, `${namespace}-${name}`);
});

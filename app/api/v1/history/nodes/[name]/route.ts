// GET /api/v1/history/nodes/:name?since=&until=&limit=&format=csv: the announcer changes that
// gave the node an IP or took one from it, with their causes, newest first.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answerHistory } from '../../../_lib/history-route';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

export const GET = withAuth('read', async (request, { params }: Ctx) => {
  const { name } = await params;
  return answerHistory(request, 'history.node', { name }, `node-${name}`);
});

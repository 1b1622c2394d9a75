// GET /api/v1/history/ips/:ip?since=&until=&limit=&format=csv: every entry about the IP (every
// service that ever held it), newest first (400 for a malformed IP, 404 for one never held).
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answerHistory } from '../../../_lib/history-route';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ ip: string }> };

export const GET = withAuth('read', async (request, { params }: Ctx) => {
  const { ip } = await params;
  return answerHistory(request, 'history.ip', { ip }, ip);
});

// GET /api/v1/history?since=&until=&limit=&format=csv: the whole ledger in a time range, newest first.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answerHistory } from '../_lib/history-route';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async (request) => answerHistory(request, 'history.range', {}, 'all'));

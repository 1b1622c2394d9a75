// GET /api/v1/events?limit=: the latest Kubernetes Events, newest first (500 at most).
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async (request) => {
  const raw = Number(new URL(request.url).searchParams.get('limit') ?? '');
  const limit = Number.isInteger(raw) && raw > 0 ? Math.min(raw, 500) : undefined;
  return answer(await callWorker('events.list', limit ? { limit } : {}));
});

// GET /api/v1/services/:namespace/:name: one Service with its candidate ranking, events and ServiceL2Status.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../../../_lib/route-kit';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ namespace: string; name: string }> };

export const GET = withAuth('read', async (_request, { params }: Ctx) => {
  const { namespace, name } = await params;
  return answer(await callWorker('services.get', { namespace, name }));
});

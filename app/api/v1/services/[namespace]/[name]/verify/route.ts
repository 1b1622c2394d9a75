// POST /api/v1/services/:namespace/:name/verify: "verify now": the announcing node and one other
// resolve the service's IPs on the LAN; the answer says who answered and who should have. It
// only asks (ARP/NDP requests), changes nothing: any signed-in user may run it.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker } from '../../../../_lib/route-kit';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ namespace: string; name: string }> };

export const POST = withAuth('read', async (_request, { params }: Ctx) => {
  const { namespace, name } = await params;
  return answer(await callWorker('services.verify', { namespace, name }, 10_000));
});

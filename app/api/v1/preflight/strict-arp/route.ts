// POST /api/v1/preflight/strict-arp: the one-click fix, ipvs.strictARP: true in kube-system/kube-proxy.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { answer, auditedWrite, callWorker } from '../../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const POST = withAuth('write', async (_request, _ctx: unknown, principal) => {
  const result = await auditedWrite(principal, 'patch', { kind: 'ConfigMap', name: 'kube-system/kube-proxy' }, () => callWorker('preflight.fixStrictArp'));
  return answer(result);
});

// POST /api/v1/preflight/strict-arp: the one-click fix, ipvs.strictARP: true in kube-system/kube-proxy.
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { recordAudit } from '@/server/auth/audit';
import { answer, callWorker } from '../../_lib/route-kit';

export const dynamic = 'force-dynamic';

// Audited only when the ConfigMap changed, with its data before and after (the diff is the strictARP line).
export const POST = withAuth('write', async (_request, _ctx: unknown, principal) => {
  const { changed, state, before, after } = await callWorker('preflight.fixStrictArp');
  if (changed) recordAudit({ principal, action: 'patch', resource: 'ConfigMap/kube-system/kube-proxy', before, after });
  return answer({ changed, state });
});

// POST /api/v1/whatif/apply {nodes}: label the nodes exclude-from-external-load-balancers and
// answer with the moves that follow (the UI confirms with the same list first).
import 'server-only';
import { whatIfApplySchema } from '@/lib/schemas/requests';
import { withAuth } from '@/server/auth/route';
import { answer, auditedWrite, callWorker, readBody } from '../../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const POST = withAuth('write', async (request, _ctx: unknown, principal) => {
  const body = await readBody(request, whatIfApplySchema);
  if (!body.ok) return body.response;
  const { nodes } = body.value;
  const result = await auditedWrite(principal, 'label', { kind: 'Node', name: nodes.join(',') }, () => callWorker('whatif.apply', { nodes }, 60_000));
  return answer(result);
});

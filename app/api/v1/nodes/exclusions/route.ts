// POST /api/v1/nodes/exclusions {nodes, excluded}: set or remove the
// node.kubernetes.io/exclude-from-external-load-balancers label.
import 'server-only';
import { exclusionRequestSchema } from '@/lib/schemas/requests';
import { withAuth } from '@/server/auth/route';
import { answer, auditedWrite, callWorker, readBody } from '../../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const POST = withAuth('write', async (request, _ctx: unknown, principal) => {
  const body = await readBody(request, exclusionRequestSchema);
  if (!body.ok) return body.response;
  const { nodes, excluded } = body.value;
  const result = await auditedWrite(principal, 'label', { kind: 'Node', name: nodes.join(',') }, () => callWorker('nodes.setExclusion', { nodes, excluded }));
  return answer(result);
});

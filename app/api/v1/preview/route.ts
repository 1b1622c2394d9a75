// POST /api/v1/preview: the draft IPAddressPool or L2Advertisement (or a `kind: List` of them) in
// the body; answers what saving it would do: services changing IP or going pending, IPs changing
// announcer (from -> to), pools losing their L2Advertisement. `?delete=true`: what deleting them
// would do. A POST because it computes on a body; it changes nothing. 422 when the API server
// would refuse the draft, with its message.
import 'server-only';
import { previewRequestSchema } from '@/lib/schemas/requests';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker, readBody } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const POST = withAuth('read', async (request) => {
  const body = await readBody(request, previewRequestSchema);
  if (!body.ok) return body.response;
  const op = new URL(request.url).searchParams.get('delete') === 'true' ? 'delete' : 'apply';
  return answer(await callWorker('preview.compute', { body: body.value, op }, 60_000));
});

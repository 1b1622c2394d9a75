// GET / PUT / DELETE /api/v1/l2advertisements/:name.
import 'server-only';
import { advertisementUpdateSchema } from '@/lib/schemas/requests';
import { withAuth } from '@/server/auth/route';
import { answer, auditedWrite, callWorker, readBody } from '../../_lib/route-kit';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

export const GET = withAuth('read', async (_request, { params }: Ctx) => {
  const { name } = await params;
  return answer(await callWorker('l2advertisements.get', { name }));
});

export const PUT = withAuth('write', async (request, { params }: Ctx, principal) => {
  const { name } = await params;
  const body = await readBody(request, advertisementUpdateSchema);
  if (!body.ok) return body.response;
  const { resourceVersion, generation, ...form } = body.value;
  const updated = await auditedWrite(principal, 'update', { kind: 'L2Advertisement', name }, () =>
    callWorker('l2advertisements.update', { name, form, resourceVersion, generation }),
  );
  return answer(updated);
});

export const DELETE = withAuth('write', async (_request, { params }: Ctx, principal) => {
  const { name } = await params;
  const result = await auditedWrite(principal, 'delete', { kind: 'L2Advertisement', name }, () => callWorker('l2advertisements.delete', { name }));
  return answer(result);
});

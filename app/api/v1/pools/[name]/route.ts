// GET /api/v1/pools/:name: the pool, its per-IP grid and the raw resource (for the edit form).
// PUT: replace its spec from the shared form schema (optional generation: 409 when the spec changed since; resourceVersion: 409 on any change).
// DELETE ?confirm=true: delete; without confirm a pool that holds IPs answers 409 naming the services.
import 'server-only';
import { poolUpdateSchema } from '@/lib/schemas/requests';
import { withAuth } from '@/server/auth/route';
import { answer, auditedWrite, callWorker, readBody } from '../../_lib/route-kit';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

export const GET = withAuth('read', async (_request, { params }: Ctx) => {
  const { name } = await params;
  return answer(await callWorker('pools.get', { name }));
});

export const PUT = withAuth('write', async (request, { params }: Ctx, principal) => {
  const { name } = await params;
  const body = await readBody(request, poolUpdateSchema);
  if (!body.ok) return body.response;
  const { resourceVersion, generation, ...form } = body.value;
  const updated = await auditedWrite(principal, 'update', { kind: 'IPAddressPool', name }, () =>
    callWorker('pools.update', { name, form, resourceVersion, generation }),
  );
  return answer(updated);
});

export const DELETE = withAuth('write', async (request, { params }: Ctx, principal) => {
  const { name } = await params;
  const confirm = new URL(request.url).searchParams.get('confirm') === 'true';
  const result = await auditedWrite(principal, 'delete', { kind: 'IPAddressPool', name }, () => callWorker('pools.delete', { name, confirm }));
  return answer(result);
});

// GET /api/v1/pools: pools with utilisation and advertisement coverage.
// POST /api/v1/pools: create a pool from the shared pool form schema.
import 'server-only';
import { poolFormSchema } from '@/lib/schemas';
import { withAuth } from '@/server/auth/route';
import { answer, auditedWrite, callWorker, readBody } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async () => answer(await callWorker('pools.list')));

export const POST = withAuth('write', async (request, _ctx: unknown, principal) => {
  const body = await readBody(request, poolFormSchema);
  if (!body.ok) return body.response;
  const form = body.value;
  const created = await auditedWrite(principal, 'create', { kind: 'IPAddressPool', name: form.name }, () => callWorker('pools.create', { form }));
  return answer(created, 201);
});

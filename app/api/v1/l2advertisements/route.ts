// GET /api/v1/l2advertisements: advertisements with the pools and nodes they really select.
// POST: create one from the shared L2Advertisement form schema.
import 'server-only';
import { l2AdvertisementFormSchema } from '@/lib/schemas';
import { withAuth } from '@/server/auth/route';
import { answer, auditedWrite, callWorker, readBody } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const GET = withAuth('read', async () => answer(await callWorker('l2advertisements.list')));

export const POST = withAuth('write', async (request, _ctx: unknown, principal) => {
  const body = await readBody(request, l2AdvertisementFormSchema);
  if (!body.ok) return body.response;
  const form = body.value;
  const created = await auditedWrite(principal, 'create', { kind: 'L2Advertisement', name: form.name }, () =>
    callWorker('l2advertisements.create', { form }),
  );
  return answer(created, 201);
});

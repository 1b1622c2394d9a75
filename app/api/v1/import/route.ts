// POST /api/v1/import {text}: create the converted resources (pools first); existing identical
// objects are left alone, a differing one is a 409 and nothing is written.
import 'server-only';
import { IMPORT_TEXT_LIMIT, importRequestSchema } from '@/lib/schemas/requests';
import { withAuth } from '@/server/auth/route';
import { answer, auditedWrite, callWorker, readBody } from '../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const POST = withAuth('write', async (request, _ctx: unknown, principal) => {
  const body = await readBody(request, importRequestSchema, IMPORT_TEXT_LIMIT * 2);
  if (!body.ok) return body.response;
  const result = await auditedWrite(principal, 'import', { kind: 'ConfigMap', name: 'legacy-import' }, () => callWorker('import.apply', body.value));
  return answer(result);
});

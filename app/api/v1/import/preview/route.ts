// POST /api/v1/import/preview {text}: the IPAddressPools and L2Advertisements a legacy MetalLB
// ConfigMap becomes, as YAML and per resource (create / unchanged / conflict). Writes nothing.
import 'server-only';
import { IMPORT_TEXT_LIMIT, importRequestSchema } from '@/lib/schemas/requests';
import { withAuth } from '@/server/auth/route';
import { answer, callWorker, readBody } from '../../_lib/route-kit';

export const dynamic = 'force-dynamic';

export const POST = withAuth('read', async (request) => {
  const body = await readBody(request, importRequestSchema, IMPORT_TEXT_LIMIT * 2);
  if (!body.ok) return body.response;
  return answer(await callWorker('import.preview', body.value));
});

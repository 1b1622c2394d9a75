// PUT /api/auth/password {current, password}: change your own password; every session of yours
// ends, including this one (sign in again).
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { readJsonBody } from '@/server/http/json';
import { changeOwnPasswordSchema, parseOr422 } from '@/server/auth/schemas';
import { prepareAuth } from '@/server/auth/store';
import { changeOwnPassword } from '@/server/auth/manage';

export const dynamic = 'force-dynamic';

export const PUT = withAuth('read', async (request, _context: unknown, principal) => {
  const body = await readJsonBody(request, 4096);
  if (!body.ok) return body.response;
  const input = parseOr422(changeOwnPasswordSchema, body.value);
  if (!input.ok) return input.response;
  return changeOwnPassword(await prepareAuth(), principal, input.value.current, input.value.password);
});

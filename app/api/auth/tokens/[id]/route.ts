// DELETE /api/auth/tokens/:id: revoke one of your tokens (admins: anyone's).
import 'server-only';
import { withAuth } from '@/server/auth/route';
import { jsonError } from '@/server/http/json';
import { prepareAuth } from '@/server/auth/store';
import { removeToken } from '@/server/auth/manage';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const DELETE = withAuth('read', async (_request, context: Context, principal) => {
  const { id } = await context.params;
  if (!/^[1-9][0-9]{0,15}$/.test(id)) return jsonError(404, 'NotFound', `no token with id "${id.slice(0, 40)}"`);
  return removeToken(await prepareAuth(), principal, Number(id));
});
